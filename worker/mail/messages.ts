/**
 * The emails SnoozeQL sends, composed from facts (pure: no I/O). Plain text only, so no template
 * can inject markup; links are absolute URLs on the dashboard's public origin.
 */
export type MailTag = "verify-email" | "signup-existing" | "password-reset" | "invitation";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  tag: MailTag;
}

const SIGNATURE = "\n\n— SnoozeQL\n";

export function verifyEmailMessage(to: string, link: string): MailMessage {
  return {
    to,
    tag: "verify-email",
    subject: "Confirm your email for SnoozeQL",
    text: `Welcome to SnoozeQL.\n\nConfirm this address to finish creating your account (the link works once, for 24 hours):\n\n${link}\n\nIf you did not sign up, ignore this email: no account is active until the link is opened.${SIGNATURE}`,
  };
}

export function signupExistingMessage(to: string, loginLink: string, resetLink: string): MailMessage {
  return {
    to,
    tag: "signup-existing",
    subject: "Someone tried to sign up to SnoozeQL with your address",
    text: `Someone (perhaps you) tried to create a SnoozeQL account with this address, which already has one. Nothing was changed.\n\nSign in: ${loginLink}\nForgot your password? ${resetLink}\n\nIf this was not you, you can ignore this email.${SIGNATURE}`,
  };
}

export function passwordResetMessage(to: string, link: string, minutes: number): MailMessage {
  return {
    to,
    tag: "password-reset",
    subject: "Reset your SnoozeQL password",
    text: `Someone asked to reset the password of the SnoozeQL account for this address.\n\nChoose a new password here (the link works once, for ${minutes} minutes; every signed-in session ends when you use it):\n\n${link}\n\nIf you did not ask, ignore this email: your password stays as it is.${SIGNATURE}`,
  };
}

export function invitationMessage(to: string, organization: string, role: string, inviter: string | null, link: string, expiresAt: Date): MailMessage {
  return {
    to,
    tag: "invitation",
    subject: `You are invited to ${organization} on SnoozeQL`,
    text: `${inviter ?? "An administrator"} invited you to join ${organization} on SnoozeQL as ${role}.\n\nAccept the invitation (the link works once, until ${expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC):\n\n${link}${SIGNATURE}`,
  };
}
