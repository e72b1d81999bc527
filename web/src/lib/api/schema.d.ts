/**
 * Generated from openapi.json by scripts/openapi-snapshot.ts (npm run openapi:snapshot). Do not edit.
 */

export type paths = {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Service health
         * @description Readiness: version, D1 reachability (with its latency; failed only when D1 errors or does not answer within 5 s) and binding checks. No authentication required.
         *
         *     No authentication.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Service liveness
         * @description The Worker runs and answers. Checks no dependency (GET /health does): for load balancers that poll often.
         *
         *     No authentication.
         */
        get: operations["getLiveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/signup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign up
         * @description Creates the account and a new organization owned by it, and emails a confirmation link; the account signs in once the address is confirmed (POST /auth/verify-email). Answers the same whether or not the address already has an account.
         *
         *     No authentication.
         */
        post: operations["signup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/verify-email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm an email address
         * @description Spends the link's token (once, within 24 hours), marks the address confirmed and signs in.
         *
         *     No authentication.
         */
        post: operations["verifyEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/password/forgot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask for a password-reset link
         * @description Emails a single-use link valid for 30 minutes when the address has an account. Answers the same whether or not it has one.
         *
         *     No authentication.
         */
        post: operations["forgotPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/password/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set a new password with a reset link
         * @description Spends the link's token (once, within 30 minutes), sets the password, confirms the address and ends every session of the person. Sign in afterwards.
         *
         *     No authentication.
         */
        post: operations["resetPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in
         * @description Sets the session cookie and returns who you are with the CSRF token for later mutations.
         *
         *     No authentication.
         */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign out
         * @description Any signed-in person.
         */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who am I
         * @description Any signed-in person.
         */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change password
         * @description Signs out every other session and rotates this one.
         *
         *     Any signed-in person.
         */
        post: operations["changePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/switch-organization": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Switch organization
         * @description Any signed-in person.
         */
        post: operations["switchOrganization"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List my active sessions
         * @description Any signed-in person.
         */
        get: operations["listSessions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/sessions/sign-out-everywhere": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign out everywhere
         * @description Ends every session of the caller; with `keepCurrent: true` every session but this one.
         *
         *     Any signed-in person.
         */
        post: operations["signOutEverywhere"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/security/reseal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-seal stored credentials with the current key
         * @description Run after rotating ENCRYPTION_KEY (docs/security.md): every stored cloud credential of this organization is opened with the key ring and sealed again under the current key.
         *
         *     Requires the **owner** role or higher (`org:manage`).
         */
        post: operations["resealCredentials"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List API tokens
         * @description Requires the **admin** role or higher (`tokens:manage`).
         */
        get: operations["listTokens"];
        put?: never;
        /**
         * Create an API token
         * @description The token can do what its role allows, never more than the creator's role.
         *
         *     Requires the **admin** role or higher (`tokens:manage`).
         */
        post: operations["createToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an API token
         * @description Requires the **admin** role or higher (`tokens:manage`).
         */
        delete: operations["revokeToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List members
         * @description Requires the **viewer** role or higher (`org:read`).
         */
        get: operations["listMembers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/members/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a member
         * @description Their sessions in this organization end at once and the API tokens they created are revoked.
         *
         *     Requires the **admin** role or higher (`members:manage`).
         */
        delete: operations["removeMember"];
        options?: never;
        head?: never;
        /**
         * Change a member's role
         * @description Requires the **admin** role or higher (`members:manage`).
         */
        patch: operations["changeMember"];
        trace?: never;
    };
    "/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List pending invitations
         * @description Requires the **admin** role or higher (`members:manage`).
         */
        get: operations["listInvitations"];
        put?: never;
        /**
         * Invite someone
         * @description Requires the **admin** role or higher (`members:manage`).
         */
        post: operations["createInvitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/invitations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an invitation
         * @description Requires the **admin** role or higher (`members:manage`).
         */
        delete: operations["revokeInvitation"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept an invitation
         * @description Signed in: joins with your account. Not signed in: give `name` and `password` to create the account for the invited email.
         *
         *     No authentication.
         */
        post: operations["acceptInvitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Audit log
         * @description Requires the **admin** role or higher (`audit:read`).
         */
        get: operations["listAuditLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List cloud accounts
         * @description Requires the **viewer** role or higher (`org:read`).
         */
        get: operations["listAccounts"];
        put?: never;
        /**
         * Connect a cloud account
         * @description AWS role (recommended): create with `connection: assume_role`, run the returned CloudFormation template (or the quick-create link) in your account, then PATCH the role ARN and POST /accounts/{id}/test.
         *
         *     Requires the **admin** role or higher (`accounts:write`).
         */
        post: operations["connectAccount"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/accounts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a cloud account
         * @description Requires the **viewer** role or higher (`org:read`).
         */
        get: operations["getAccount"];
        put?: never;
        post?: never;
        /**
         * Disconnect a cloud account
         * @description Removes the account, its credentials and its databases from SnoozeQL. Nothing changes at the cloud.
         *
         *     Requires the **admin** role or higher (`accounts:write`).
         */
        delete: operations["deleteAccount"];
        options?: never;
        head?: never;
        /**
         * Change a cloud account
         * @description Requires the **admin** role or higher (`accounts:write`).
         */
        patch: operations["updateAccount"];
        trace?: never;
    };
    "/accounts/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Test the connection
         * @description Requires the **admin** role or higher (`accounts:write`).
         */
        post: operations["testAccount"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/accounts/{id}/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sync now
         * @description Queues discovery and reconciliation for the account. Send `Idempotency-Key` to make retries safe.
         *
         *     Requires the **admin** role or higher (`accounts:write`).
         */
        post: operations["syncAccount"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/accounts/{id}/cloudformation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * CloudFormation template
         * @description A template creating the least-privilege IAM role SnoozeQL assumes (pass this connection's ExternalId as the parameter).
         *
         *     Requires the **viewer** role or higher (`org:read`).
         */
        get: operations["getAccountCloudFormation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Events
         * @description Requires the **viewer** role or higher (`org:read`).
         */
        get: operations["listEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/instances": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List databases
         * @description Requires the **viewer** role or higher (`org:read`).
         */
        get: operations["listInstances"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/instances/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a database
         * @description Requires the **viewer** role or higher (`org:read`).
         */
        get: operations["getInstance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/instances/{id}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Wake a database now
         * @description Schedules resume at their next transition (a manual action is not undone until then).
         *
         *     Requires the **operator** role or higher (`instances:act`).
         */
        post: operations["startInstance"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/instances/{id}/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Put a database to sleep now
         * @description Schedules resume at their next transition (a manual action is not undone until then).
         *
         *     Requires the **operator** role or higher (`instances:act`).
         */
        post: operations["stopInstance"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/instances/{id}/schedules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The schedules that select a database
         * @description Every schedule whose selector matches this database now, newest first, with its flags and its next wakes and sleeps within `days` (default 7, at most 31), and whether SnoozeQL can stop the database. A paused (disabled) schedule is listed without transitions.
         *
         *     Requires the **viewer** role or higher (`org:read`).
         */
        get: operations["getInstanceSchedules"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/instances/{id}/overrides": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Override a database's schedule
         * @description Requires the **operator** role or higher (`instances:act`).
         */
        post: operations["createOverride"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/overrides": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List overrides
         * @description Requires the **viewer** role or higher (`org:read`).
         */
        get: operations["listOverrides"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/overrides/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Cancel an override
         * @description Requires the **operator** role or higher (`instances:act`).
         */
        delete: operations["cancelOverride"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/schedules/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every schedule's matched databases and next transition
         * @description What the schedules list shows per schedule, for all of the organization's schedules in one answer: the databases each matches now and its next transition within `days` (default 7, at most 31).
         *
         *     Requires the **viewer** role or higher (`org:read`).
         */
        get: operations["getScheduleOverview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/schedules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List schedules
         * @description Requires the **viewer** role or higher (`org:read`).
         */
        get: operations["listSchedules"];
        put?: never;
        /**
         * Create a schedule
         * @description Requires the **admin** role or higher (`schedules:write`).
         */
        post: operations["createSchedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/schedules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a schedule
         * @description Requires the **viewer** role or higher (`org:read`).
         */
        get: operations["getSchedule"];
        /**
         * Replace a schedule
         * @description Requires the **admin** role or higher (`schedules:write`).
         */
        put: operations["replaceSchedule"];
        post?: never;
        /**
         * Delete a schedule
         * @description Requires the **admin** role or higher (`schedules:write`).
         */
        delete: operations["deleteSchedule"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/schedules/evaluate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Evaluate a schedule at instants
         * @description Answers, in order, whether the schedule wants databases running, stopped, or has no opinion ('none') at each instant (up to 1,000).
         *
         *     Requires the **viewer** role or higher (`org:read`).
         */
        post: operations["evaluateSchedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/schedules/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import an AWS Instance Scheduler schedule
         * @description Requires the **admin** role or higher (`schedules:write`).
         */
        post: operations["importSchedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/schedules/{id}/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Preview a schedule
         * @description The databases it matches now, its transitions over the range, and the projected hours asleep and savings per database.
         *
         *     Requires the **viewer** role or higher (`org:read`).
         */
        get: operations["previewSchedule"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/schedules/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Preview an unsaved schedule
         * @description What a schedule would do before it is saved: the databases it would match (and, for every other database, the matchers it fails), its transitions over the range, and the projected hours asleep and savings per database.
         *
         *     Requires the **viewer** role or higher (`org:read`).
         */
        post: operations["previewScheduleDraft"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List policies
         * @description Requires the **viewer** role or higher (`org:read`).
         */
        get: operations["listPolicies"];
        put?: never;
        /**
         * Create a policy
         * @description Requires the **admin** role or higher (`policies:write`).
         */
        post: operations["createPolicy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/policies/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a policy
         * @description Requires the **viewer** role or higher (`org:read`).
         */
        get: operations["getPolicy"];
        /**
         * Replace a policy
         * @description Requires the **admin** role or higher (`policies:write`).
         */
        put: operations["replacePolicy"];
        post?: never;
        /**
         * Delete a policy (and its history)
         * @description Requires the **admin** role or higher (`policies:write`).
         */
        delete: operations["deletePolicy"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/policies/{id}/evaluate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Evaluate a policy now (dry)
         * @description For each database the policy selects: whether it would fire now, why, and the hourly values each rule saw. Calls no cloud and records nothing.
         *
         *     Requires the **viewer** role or higher (`org:read`).
         */
        post: operations["evaluatePolicy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/policies/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A policy's firings
         * @description Newest first: each time it acted, would have acted (dry run) or was blocked, with the values that decided it. Kept 90 days.
         *
         *     Requires the **viewer** role or higher (`org:read`).
         */
        get: operations["listPolicyHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/instances/{id}/price": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set a database's price
         * @description Overrides the catalog price (micro-dollars per hour, e.g. 72000 = $0.072/h); null clears the override. Effective now.
         *
         *     Requires the **admin** role or higher (`pricing:write`).
         */
        put: operations["setInstancePrice"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/accounts/{id}/pricing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set an account's discount
         * @description A discount on catalog prices for every database of the account (e.g. 30 for a 30% reserved-instance rate). Effective now.
         *
         *     Requires the **admin** role or higher (`pricing:write`).
         */
        put: operations["setAccountPricing"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/savings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Savings summary
         * @description Saved money over a range of days in the organization's time zone (default: the last 30 days), in integer cents. Compute only: storage keeps billing while a database is stopped.
         *
         *     Requires the **viewer** role or higher (`org:read`).
         */
        get: operations["getSavingsSummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/savings/daily": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Savings per day
         * @description Per local day: saved cents, hours asleep, and actual against projected (24/7) compute cost. `instanceId` narrows it to one database.
         *
         *     Requires the **viewer** role or higher (`org:read`).
         */
        get: operations["listSavingsDaily"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/savings/by-instance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Savings per database
         * @description Every database of the organization (and removed ones that saved in the range), most saved first.
         *
         *     Requires the **viewer** role or higher (`org:read`).
         */
        get: operations["listSavingsByInstance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/savings/by-schedule": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Savings per schedule and cause
         * @description What put the databases to sleep — schedules, policies, overrides, people, or something outside SnoozeQL — and what each saved, most first.
         *
         *     Requires the **viewer** role or higher (`org:read`).
         */
        get: operations["listSavingsBySchedule"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/instances/{id}/savings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A database's savings
         * @description Requires the **viewer** role or higher (`org:read`).
         */
        get: operations["getInstanceSavings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/savings/recompute": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rebuild savings rollups
         * @description Rebuilds the daily rollups of every database from the savings ledger.
         *
         *     Requires the **admin** role or higher (`pricing:write`).
         */
        post: operations["recomputeSavings"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/transitions/upcoming": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Upcoming transitions
         * @description Sleeps and wakes the schedules and overrides call for in the coming `hours` (default 24, at most 168), earliest first, per database. Dry-run schedules are left out; transitions the agent will let pass (ineligible database, skip-next override, a sleep shorter than the schedule's minimum) are listed with `skipReason`.
         *
         *     Requires the **viewer** role or higher (`org:read`).
         */
        get: operations["listUpcomingTransitions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/integrations/slack/install": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Start adding the Slack app (the Add to Slack URL)
         * @description Requires the **admin** role or higher (`integrations:write`).
         */
        get: operations["startSlackInstall"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/integrations/slack/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Slack's OAuth redirect (browser only)
         * @description The signed `state` from /integrations/slack/install names the organization and the admin; an invalid or expired state is refused.
         *
         *     No authentication.
         */
        get: operations["slackOAuthCallback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/integrations/{id}/slack-links": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Link a Slack user to a member
         * @description Requires the **admin** role or higher (`integrations:write`).
         */
        post: operations["linkSlackUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/integrations/event-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Notification types an integration can subscribe to
         * @description Requires the **viewer** role or higher (`org:read`).
         */
        get: operations["listIntegrationEventTypes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/integrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List integrations
         * @description Requires the **viewer** role or higher (`org:read`).
         */
        get: operations["listIntegrations"];
        put?: never;
        /**
         * Add a webhook or a Slack incoming webhook
         * @description Webhooks are signed per Standard Webhooks with the returned `whsec_` secret (shown once). Slack apps are added with GET /integrations/slack/install.
         *
         *     Requires the **admin** role or higher (`integrations:write`).
         */
        post: operations["createIntegration"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/integrations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read an integration
         * @description Requires the **viewer** role or higher (`org:read`).
         */
        get: operations["getIntegration"];
        put?: never;
        post?: never;
        /**
         * Remove an integration
         * @description Requires the **admin** role or higher (`integrations:write`).
         */
        delete: operations["deleteIntegration"];
        options?: never;
        head?: never;
        /**
         * Change an integration
         * @description Requires the **admin** role or higher (`integrations:write`).
         */
        patch: operations["updateIntegration"];
        trace?: never;
    };
    "/integrations/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate a webhook's signing secret
         * @description Returns the new secret (once). The previous secret keeps signing beside it for `windowHours` (default 24), so receivers can switch without missing a delivery.
         *
         *     Requires the **admin** role or higher (`integrations:write`).
         */
        post: operations["rotateIntegrationSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/integrations/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Delivery log
         * @description Requires the **admin** role or higher (`integrations:write`).
         */
        get: operations["listIntegrationDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/integrations/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a test notification
         * @description Requires the **admin** role or higher (`integrations:write`).
         */
        post: operations["testIntegration"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/slack/commands": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Slack slash command `/snooze` (called by Slack, signed)
         * @description No authentication.
         */
        post: operations["slackCommand"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/slack/interactivity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Slack button presses (called by Slack, signed)
         * @description No authentication.
         */
        post: operations["slackInteractivity"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/instances/{id}/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A database's hourly metrics
         * @description Requires the **viewer** role or higher (`org:read`).
         */
        get: operations["getInstanceMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/recommendations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List recommendations
         * @description Schedules proposed from each database's hourly activity (14 days, hour of week in the organization's zone), with confidence, evidence and projected monthly savings; and why the other databases have none.
         *
         *     Requires the **viewer** role or higher (`org:read`).
         */
        get: operations["listRecommendations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/recommendations/analyze": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Analyse now
         * @description Re-analyses every database of the organization now (the cron tick does it daily). Re-analysis updates recommendations in place; dismissed ones stay dismissed unless the proposal changed materially.
         *
         *     Requires the **admin** role or higher (`schedules:write`).
         */
        post: operations["analyzeRecommendations"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/recommendations/{id}/apply": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Apply a recommendation
         * @description Creates a schedule for the database from the proposal, or adds the database to an existing schedule with the same time zone and periods.
         *
         *     Requires the **admin** role or higher (`schedules:write`).
         */
        post: operations["applyRecommendation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/recommendations/{id}/dismiss": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Dismiss a recommendation
         * @description Hides the proposal; it comes back only if a later analysis proposes something materially different.
         *
         *     Requires the **admin** role or higher (`schedules:write`).
         */
        post: operations["dismissRecommendation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/calendar": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Sleep calendar
         * @description Per database, when it will be asleep in the coming `days` (default 7, at most 7) across all schedules and active overrides, and how many transitions the agent will let pass. Dry-run schedules are left out.
         *
         *     Requires the **viewer** role or higher (`org:read`).
         */
        get: operations["getSleepCalendar"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
};
export type webhooks = {
    "database.stopped": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A database went to sleep
         * @description Signed per Standard Webhooks with the integration's `whsec_` secret. Answer 2xx within 10 s; 5xx, 429 (Retry-After honoured) and timeouts are retried with backoff, other 4xx are not.
         */
        post: operations["onDatabaseStopped"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "database.started": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A database woke up
         * @description Signed per Standard Webhooks with the integration's `whsec_` secret. Answer 2xx within 10 s; 5xx, 429 (Retry-After honoured) and timeouts are retried with backoff, other 4xx are not.
         */
        post: operations["onDatabaseStarted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "database.failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A stop or start failed (with the cloud's reason)
         * @description Signed per Standard Webhooks with the integration's `whsec_` secret. Answer 2xx within 10 s; 5xx, 429 (Retry-After honoured) and timeouts are retried with backoff, other 4xx are not.
         */
        post: operations["onDatabaseFailed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "database.auto_restart": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * AWS restarted a database after 7 days stopped (SnoozeQL stops it again)
         * @description Signed per Standard Webhooks with the integration's `whsec_` secret. Answer 2xx within 10 s; 5xx, 429 (Retry-After honoured) and timeouts are retried with backoff, other 4xx are not.
         */
        post: operations["onDatabaseAutoRestart"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "override.created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Someone kept a database awake or asleep, or made it skip a transition
         * @description Signed per Standard Webhooks with the integration's `whsec_` secret. Answer 2xx within 10 s; 5xx, 429 (Retry-After honoured) and timeouts are retried with backoff, other 4xx are not.
         */
        post: operations["onOverrideCreated"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "override.expiring": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * An override ends in 30 minutes
         * @description Signed per Standard Webhooks with the integration's `whsec_` secret. Answer 2xx within 10 s; 5xx, 429 (Retry-After honoured) and timeouts are retried with backoff, other 4xx are not.
         */
        post: operations["onOverrideExpiring"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "policy.fired": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A policy fired (it acted, or would have in dry run)
         * @description Signed per Standard Webhooks with the integration's `whsec_` secret. Answer 2xx within 10 s; 5xx, 429 (Retry-After honoured) and timeouts are retried with backoff, other 4xx are not.
         */
        post: operations["onPolicyFired"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "recommendation.ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A schedule recommendation is ready (new, or changed materially)
         * @description Signed per Standard Webhooks with the integration's `whsec_` secret. Answer 2xx within 10 s; 5xx, 429 (Retry-After honoured) and timeouts are retried with backoff, other 4xx are not.
         */
        post: operations["onRecommendationReady"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "savings.digest.daily": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Daily savings digest (08:00 in your time zone)
         * @description Signed per Standard Webhooks with the integration's `whsec_` secret. Answer 2xx within 10 s; 5xx, 429 (Retry-After honoured) and timeouts are retried with backoff, other 4xx are not.
         */
        post: operations["onSavingsDigestDaily"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "savings.digest.weekly": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Weekly savings digest (Mondays, 08:00)
         * @description Signed per Standard Webhooks with the integration's `whsec_` secret. Answer 2xx within 10 s; 5xx, 429 (Retry-After honoured) and timeouts are retried with backoff, other 4xx are not.
         */
        post: operations["onSavingsDigestWeekly"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
};
export type components = {
    schemas: {
        WebhookPayload: {
            /** @example database.stopped */
            type: string;
            /** Format: date-time */
            timestamp: string;
            data: {
                eventId: string;
                /** @example orders-staging went to sleep (saves about $4.10 by the time it wakes) */
                summary: string;
                database: {
                    id: string;
                    name: string;
                    /** @enum {string} */
                    provider: "aws" | "gcp";
                    region: string;
                    engine: string;
                    state: string;
                } | null;
                cause: {
                    /** @example schedule */
                    kind: string;
                    id: string | null;
                };
                /** @description The cloud's reason, for database.failed. */
                reason: string | null;
                /** @description For a schedule's sleep with a known price: when it wakes and what it saves by then. */
                estimate: {
                    wakeAt: string;
                    savedCents: number;
                } | null;
                hourlyPriceMicros: number | null;
                /** @description The database in the dashboard. */
                link: string | null;
                /** @description For override.created and override.expiring: the override as it is at delivery; null otherwise. */
                override: {
                    id: string;
                    /** @enum {string} */
                    kind: "keep_awake" | "keep_asleep" | "skip_next";
                    /**
                     * Format: date-time
                     * @description When it lapses (null for skip_next). For override.expiring: about 30 minutes after the event.
                     */
                    until: string | null;
                    reason: string | null;
                    /** @description Who created it: a member's email, an API token's name, or a Slack user (override.created). */
                    by: string | null;
                } | null;
                /** @description For policy.fired: one per firing (policy × database × evaluation) that acted (stopped the database, changed its capacity, or only notifies) or, in dry run, would have acted; a firing blocked by an override, a schedule or a transition in flight is not sent. null otherwise. */
                policy: {
                    /** @description GET /api/v1/policies/{id}/history has the hour-by-hour values. */
                    id: string;
                    name: string;
                    /** @description True: nothing was changed; `did` says what it would have done. */
                    dryRun: boolean;
                    /** @enum {string} */
                    outcome: "acted" | "would_act";
                    actions: {
                        /** @enum {string} */
                        type: "stop" | "notify" | "set_capacity";
                        minAcu?: number;
                        maxAcu?: number;
                    }[];
                    /**
                     * @description What it did, or would have done, to the database.
                     * @example would have stopped orders-staging
                     */
                    did: string;
                    /** @description The cloud's refusal of a capacity change; null otherwise. */
                    error: string | null;
                    /** @description Each rule of the policy with the metric values that decided it. */
                    evidence: {
                        /** @example cpu */
                        metric: string;
                        /** @enum {string} */
                        statistic: "avg" | "max" | "min";
                        /** @enum {string} */
                        operator: "gt" | "gte" | "lt" | "lte" | "eq";
                        threshold: number;
                        /** @example 2h */
                        duration: string;
                        /** @description Complete hours looked at. */
                        hours: number;
                        /** @description Lowest hourly value of the statistic over those hours (null when an hour had no data). */
                        lowest: number | null;
                        highest: number | null;
                        /** @description The last complete hour's value. */
                        latest: number | null;
                        holds: boolean;
                        /** @example cpu max < 5 for 2h (highest 3.1) */
                        text: string;
                    }[];
                    /** @description The Policies page in the dashboard. */
                    link: string | null;
                } | null;
                /** @description For recommendation.ready (a new proposal, or one that changed materially): the proposal as it is at delivery; null otherwise. */
                recommendation: {
                    /** @description POST /api/v1/recommendations/{id}/apply puts it into force. */
                    id: string;
                    /** @enum {string} */
                    status: "open" | "applied" | "dismissed";
                    /** @example awake Mon–Fri 07:00–19:00 (Europe/Berlin); asleep 108 h a week */
                    summary: string;
                    /** @description Projected saving of a 730-hour month in integer cents; null when the database's price is unknown. */
                    monthlySavingsCents: number | null;
                    confidencePercent: number;
                } | null;
            };
        };
        DigestWebhookPayload: {
            /** @enum {string} */
            type: "savings.digest.daily" | "savings.digest.weekly";
            /**
             * Format: date-time
             * @description The end of the period (local midnight after its last day).
             */
            timestamp: string;
            data: {
                /**
                 * @description One per period: the same for every retry.
                 * @example digest_daily_2026-11-28
                 */
                eventId: string;
                /** @example Yesterday (Sat 28 Nov) SnoozeQL saved $12.34: 3 databases slept 41.5 hours. */
                summary: string;
                period: {
                    /** @enum {string} */
                    kind: "daily" | "weekly";
                    /**
                     * @description First local day (organization's time zone), inclusive.
                     * @example 2026-11-28
                     */
                    from: string;
                    /**
                     * @description Last local day, inclusive (a week runs Monday to Sunday).
                     * @example 2026-11-28
                     */
                    to: string;
                    /** @example Europe/Berlin */
                    timeZone: string;
                };
                /** @enum {string} */
                currency: "USD";
                /** @description Compute saved in the period, net of AWS's 10-minute start minimum; unknown prices count nothing. */
                savedCents: number;
                /** @description Database-hours asleep in the period (2 decimals). */
                hoursAsleep: number;
                databasesAsleep: number;
                /** @description Up to 3 databases with the largest saving, largest first. */
                topSavers: {
                    id: string;
                    name: string;
                    savedCents: number;
                    hoursAsleep: number;
                }[];
                /** @description Databases that slept with an unknown price: their sleep is not in savedCents. */
                unpricedDatabases: {
                    id: string;
                    name: string;
                    hoursAsleep: number;
                }[];
                monthToDate: {
                    from: string;
                    to: string;
                    savedCents: number;
                };
                /** @description The savings page in the dashboard. */
                link: string | null;
            };
        };
        Health: {
            /** @enum {string} */
            status: "ok" | "degraded";
            /** @example 0.1.0 */
            version: string;
            /** @example production */
            environment: string;
            checks: {
                d1: {
                    ok: boolean;
                    error?: string;
                    latencyMs?: number;
                };
                durableObjects: {
                    ok: boolean;
                    error?: string;
                };
                queues: {
                    ok: boolean;
                    error?: string;
                    bindings: string[];
                };
            };
            /** Format: date-time */
            time: string;
        };
        Problem: {
            /** @example https://snoozeql.dev/problems/validation */
            type: string;
            /** @example Request validation failed */
            title: string;
            /** @example 400 */
            status: number;
            /** @example body.name: Required */
            detail?: string;
            /** @example /api/v1/schedules */
            instance?: string;
            /** @example req_01JDCZ0R7Y6N3B2M1K0J9H8G7F */
            requestId?: string;
            /** @description Every invalid field, for validation problems. */
            errors?: {
                /** @enum {string} */
                location: "body" | "query" | "path" | "header" | "cookie";
                path: string;
                message: string;
            }[];
        };
        Liveness: {
            /** @enum {string} */
            status: "ok";
            /** @example 0.1.0 */
            version: string;
            /** @example production */
            environment: string;
            /** Format: date-time */
            time: string;
        };
        /** @description The same answer whether or not the address has an account. */
        CheckEmail: {
            /** @enum {string} */
            status: "check-email";
            message: string;
        };
        SignupRequest: {
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
            /** @example correct horse battery staple */
            password: string;
            /** @example Ada Lovelace */
            name: string;
            /** @example Analytical Engines Ltd */
            organization: string;
        };
        Me: {
            /** @enum {string} */
            kind: "user" | "api_token";
            user: components["schemas"]["User"] | null;
            token: {
                id: string;
                name: string;
            } | null;
            /** @description The organization requests act in (null for a person in none). */
            organization: components["schemas"]["OrganizationMembership"] | null;
            /**
             * @description owner > admin > operator > viewer
             * @example operator
             * @enum {string|null}
             */
            role: "owner" | "admin" | "operator" | "viewer" | null;
            organizations: components["schemas"]["OrganizationMembership"][];
            /** @description Send as X-CSRF-Token on cookie-authenticated POST/PATCH/DELETE. */
            csrfToken: string | null;
        };
        /**
         * @example {
         *       "id": "usr_01JDCZ0R7Y6N3B2M1K0J9H8G7F",
         *       "email": "ada@example.com",
         *       "name": "Ada Lovelace"
         *     }
         */
        User: {
            id: string;
            email: string;
            name: string;
        };
        OrganizationMembership: {
            id: string;
            name: string;
            slug: string;
            /**
             * @description owner > admin > operator > viewer
             * @example operator
             * @enum {string}
             */
            role: "owner" | "admin" | "operator" | "viewer";
        };
        VerifyEmailRequest: {
            /** @example link-token-from-the-email */
            token: string;
        };
        ForgotPasswordRequest: {
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
        };
        ResetPasswordRequest: {
            /** @example link-token-from-the-email */
            token: string;
            /** @example correct horse battery staple */
            password: string;
        };
        LoginRequest: {
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
            password: string;
        };
        PasswordChangeRequest: {
            currentPassword: string;
            /** @example correct horse battery staple */
            newPassword: string;
        };
        SwitchOrganizationRequest: {
            organizationId: string;
        };
        SessionList: {
            items: components["schemas"]["Session"][];
            limits: {
                absoluteSeconds: number;
                idleSeconds: number;
            };
        };
        Session: {
            /** @description A short, non-secret label for the session. */
            handle: string;
            /** @description This browser's session. */
            current: boolean;
            organizationId: string | null;
            /** @description When this token was issued (rotation and organization switches issue new ones). */
            signedInAt: string;
            lastSeenAt: string | null;
            /** @description Absolute end of the session; rotation never moves it. */
            expiresAt: string;
            ip: string | null;
            userAgent: string | null;
        };
        SignOutEverywhereRequest: {
            /** @default false */
            keepCurrent?: boolean;
        };
        ResealReport: {
            resealed: number;
            /** @description Cloud accounts whose credentials no key in the ring opens. */
            failed: string[];
            remaining: number;
            currentVersion: string;
        };
        CreatedApiToken: components["schemas"]["ApiToken"] & {
            /**
             * @description The secret. Shown once; store it now.
             * @example sq_live_Ab3dE9...
             */
            token: string;
        };
        ApiToken: {
            id: string;
            name: string;
            /**
             * @description Non-secret start of the token, to recognise it.
             * @example sq_live_Ab3dE9
             */
            prefix: string;
            /**
             * @description owner > admin > operator > viewer
             * @example operator
             * @enum {string}
             */
            role: "owner" | "admin" | "operator" | "viewer";
            createdAt: string;
            lastUsedAt: string | null;
            expiresAt: string | null;
            /** @description Who created the token; it never acts above their current role. null if unrecorded. */
            createdBy: {
                id: string;
                name: string;
                email: string;
            } | null;
        };
        CreateTokenRequest: {
            /** @example ci-pipeline */
            name: string;
            /**
             * @description owner > admin > operator > viewer
             * @example operator
             * @enum {string}
             */
            role: "owner" | "admin" | "operator" | "viewer";
            /**
             * Format: date-time
             * @example 2027-06-30T00:00:00Z
             */
            expiresAt?: string;
        };
        ApiTokenPage: {
            data: components["schemas"]["ApiToken"][];
            nextCursor: string | null;
        };
        MemberPage: {
            data: components["schemas"]["Member"][];
            nextCursor: string | null;
        };
        Member: {
            userId: string;
            email: string;
            name: string;
            /**
             * @description owner > admin > operator > viewer
             * @example operator
             * @enum {string}
             */
            role: "owner" | "admin" | "operator" | "viewer";
            joinedAt: string;
        };
        ChangeMemberRequest: {
            /**
             * @description owner > admin > operator > viewer
             * @example operator
             * @enum {string}
             */
            role: "owner" | "admin" | "operator" | "viewer";
        };
        CreatedInvitation: components["schemas"]["Invitation"] & {
            link: string;
            token: string;
            /** @description Whether the link was emailed to the invitee. */
            emailed: boolean;
        };
        Invitation: {
            id: string;
            email: string;
            /**
             * @description owner > admin > operator > viewer
             * @example operator
             * @enum {string}
             */
            role: "owner" | "admin" | "operator" | "viewer";
            createdAt: string;
            expiresAt: string;
        };
        CreateInvitationRequest: {
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
            /**
             * @description owner > admin > operator > viewer
             * @example operator
             * @enum {string}
             */
            role: "owner" | "admin" | "operator" | "viewer";
            /** @default 7 */
            expiresInDays?: number;
        };
        InvitationPage: {
            data: components["schemas"]["Invitation"][];
            nextCursor: string | null;
        };
        AcceptInvitationRequest: {
            token: string;
            name?: string;
            /** @example correct horse battery staple */
            password?: string;
        };
        AuditEntryPage: {
            data: components["schemas"]["AuditEntry"][];
            nextCursor: string | null;
        };
        AuditEntry: {
            id: string;
            at: string;
            actor: {
                /** @enum {string} */
                kind: "user" | "api_token" | "slack" | "system";
                id: string | null;
                label: string | null;
            };
            /** @example token.created */
            action: string;
            target: {
                type: string | null;
                id: string | null;
            };
            summary: {
                [key: string]: unknown;
            } | null;
            ip: string | null;
            /** @description Server-generated id of the request (the X-Request-Id SnoozeQL answered with). */
            requestId: string | null;
            /** @description The caller's own X-Request-Id, if it sent one (not trusted, for correlation only). */
            correlationId: string | null;
        };
        CloudAccount: {
            id: string;
            /** @enum {string} */
            provider: "aws" | "gcp";
            name: string;
            /** @enum {string} */
            status: "pending" | "connected" | "error" | "disabled";
            /** @enum {string} */
            connection: "assume_role" | "access_keys" | "service_account";
            /** @description AWS account id or GCP project id. */
            cloudAccountId: string | null;
            regions: string[] | null;
            /** @description API endpoint override (sandbox accounts); null for the cloud's own. */
            endpoint: string | null;
            /**
             * @description A non-secret hint; credentials are never returned.
             * @example access key …WXYZ
             */
            credentials: string | null;
            aws: {
                roleArn: string | null;
                externalId: string | null;
                /** @description API path of the template for this connection. */
                cloudFormationTemplate: string | null;
                quickCreateUrl: string | null;
            } | null;
            lastSyncAt: string | null;
            lastError: string | null;
            createdAt: string;
            updatedAt: string;
        };
        ConnectCloudAccountRequest: {
            /** @enum {string} */
            provider: "aws";
            /** @enum {string} */
            connection: "assume_role";
            /** @example Staging (AWS) */
            name: string;
            /**
             * @example [
             *       "us-east-1",
             *       "eu-west-1"
             *     ]
             */
            regions: string[];
            /** @description Add it after running the CloudFormation stack (PATCH). */
            roleArn?: string;
            /**
             * Format: uri
             * @description Only for sandbox/simulated clouds: the origin all API calls go to.
             * @example http://localhost:8788
             */
            endpoint?: string;
        } | {
            /** @enum {string} */
            provider: "aws";
            /** @enum {string} */
            connection: "access_keys";
            /** @example Staging (AWS) */
            name: string;
            /**
             * @example [
             *       "us-east-1",
             *       "eu-west-1"
             *     ]
             */
            regions: string[];
            accessKeyId: string;
            secretAccessKey: string;
            /**
             * Format: uri
             * @description Only for sandbox/simulated clouds: the origin all API calls go to.
             * @example http://localhost:8788
             */
            endpoint?: string;
        } | {
            /** @enum {string} */
            provider: "gcp";
            /** @enum {string} */
            connection: "service_account";
            /** @example Staging (AWS) */
            name: string;
            serviceAccountKey: components["schemas"]["ServiceAccountKey"];
            regions?: string[];
            /**
             * Format: uri
             * @description Only for sandbox/simulated clouds: the origin all API calls go to.
             * @example http://localhost:8788
             */
            endpoint?: string;
        };
        /** @description The JSON key file Google issued for the service account. */
        ServiceAccountKey: {
            /** @enum {string} */
            type?: "service_account";
            project_id: string;
            private_key_id: string;
            private_key: string;
            /** Format: email */
            client_email: string;
            /** Format: uri */
            token_uri: string;
        } & {
            [key: string]: unknown;
        };
        CloudAccountPage: {
            data: components["schemas"]["CloudAccount"][];
            nextCursor: string | null;
        };
        UpdateCloudAccountRequest: {
            /** @example Staging (AWS) */
            name?: string;
            /**
             * @example [
             *       "us-east-1",
             *       "eu-west-1"
             *     ]
             */
            regions?: string[];
            roleArn?: string;
            accessKeyId?: string;
            secretAccessKey?: string;
            serviceAccountKey?: components["schemas"]["ServiceAccountKey"];
            /** @description false pauses all scheduling for the account. */
            enabled?: boolean;
        };
        ConnectionReport: {
            ok: boolean;
            cloudAccountId: string | null;
            principal: string | null;
            databases: number | null;
            checks: {
                name: string;
                ok: boolean;
                detail: string;
            }[];
        };
        EventPage: {
            data: components["schemas"]["Event"][];
            nextCursor: string | null;
        };
        Event: {
            id: string;
            /** @example instance.stopped */
            type: string;
            occurredAt: string;
            instanceId: string | null;
            cloudAccountId: string | null;
            cause: {
                /** @enum {string} */
                kind: "schedule" | "maintenance" | "policy" | "override" | "user" | "api_token" | "slack" | "aws_auto_restart" | "cloud" | "system";
                id: string | null;
            };
            fromState: string | null;
            toState: string | null;
            detail: {
                [key: string]: unknown;
            } | null;
        };
        DatabasePage: {
            data: components["schemas"]["Database"][];
            nextCursor: string | null;
        };
        Database: {
            id: string;
            cloudAccountId: string;
            /** @enum {string} */
            provider: "aws" | "gcp";
            /** @enum {string} */
            kind: "rds_instance" | "aurora_cluster" | "cloudsql_instance";
            name: string;
            externalId: string;
            region: string;
            engine: string;
            engineVersion: string | null;
            instanceClass: string | null;
            /** @enum {string} */
            state: "running" | "stopped" | "starting" | "stopping" | "unavailable" | "unknown";
            cloudStatus: string | null;
            stateSince: string | null;
            tags: {
                [key: string]: string;
            };
            eligible: boolean;
            ineligibleReason: string | null;
            /** @description Effective compute price, micro-dollars per hour; null = unknown (set one with PUT /instances/{id}/price). */
            hourlyPriceMicros: number | null;
            /**
             * @description "catalog <version>" (with the account discount, e.g. "catalog 2026-11 −30%"), "override" or "unknown".
             * @example catalog 2026-11
             */
            priceSource: string;
            lastSeenAt: string | null;
            maintenance: components["schemas"]["DatabaseMaintenance"];
        };
        /** @description Its maintenance window and pending maintenance as discovery last read them; null until then. */
        DatabaseMaintenance: {
            /**
             * @description The weekly maintenance window (UTC); null when the cloud leaves the day open.
             * @example Sun 05:00–05:30 UTC
             */
            window: string | null;
            /** @description What the cloud will apply in the next window (empty: nothing to do). */
            pending: string[];
            /** @description When a schedule with maintenanceWake wakes it for the pending maintenance (window minus 20 min to window plus 15 min), if it is asleep then; null when nothing is pending. */
            wake: {
                from: string;
                to: string;
                windowFrom: string;
                windowTo: string;
            } | null;
        } | null;
        ActionAccepted: {
            actionId: string;
            instanceId: string;
            /** @enum {string} */
            action: "start" | "stop";
            /** @enum {string} */
            status: "queued";
        };
        DatabaseSchedules: {
            instanceId: string;
            eligible: boolean;
            ineligibleReason: string | null;
            from: string;
            to: string;
            /** @description Newest first, as GET /schedules lists them. */
            schedules: {
                id: string;
                name: string;
                enforce: boolean;
                /** @description Only records what it would do; never acts. */
                dryRun: boolean;
                /** @description False: paused, it decides nothing (no transitions). */
                enabled: boolean;
                maintenanceWake: boolean;
                /** @description Its next wakes and sleeps within `days`, soonest first (at most 4). */
                nextTransitions: {
                    at: string;
                    /** @enum {string} */
                    state: "running" | "stopped";
                }[];
            }[];
            /** @description True when the organization has more than 500 schedules and only the newest were looked at. */
            truncated: boolean;
        };
        Override: {
            id: string;
            instanceId: string;
            /** @enum {string} */
            kind: "keep_awake" | "keep_asleep" | "skip_next";
            until: string | null;
            reason: string | null;
            createdAt: string;
            cancelledAt: string | null;
            consumedAt: string | null;
        };
        CreateOverrideRequest: {
            /** @enum {string} */
            kind: "keep_awake" | "keep_asleep" | "skip_next";
            /**
             * Format: date-time
             * @description When it lapses (keep_awake/keep_asleep: required unless durationMinutes).
             */
            until?: string;
            durationMinutes?: number;
            reason?: string;
        };
        OverridePage: {
            data: components["schemas"]["Override"][];
            nextCursor: string | null;
        };
        ScheduleOverview: {
            from: string;
            to: string;
            items: {
                scheduleId: string;
                /** @description Databases its selector matches now. */
                matched: number;
                /** @description Of those, the ones SnoozeQL cannot stop (read replicas, cluster members, …). */
                ineligible: number;
                /** @description Its next wake or sleep within `days`; null when none (or the definition no longer validates). */
                nextTransition: {
                    at: string;
                    /** @enum {string} */
                    state: "running" | "stopped";
                } | null;
                /** @description False when the stored definition no longer validates (save it again). */
                valid: boolean;
            }[];
            truncated: boolean;
        };
        Schedule: {
            id: string;
            name: string;
            /** @description The definition as saved (defaults applied). */
            definition: {
                name: string;
                description?: string;
                timezone: string;
                /** @default [] */
                periods?: {
                    begin?: string;
                    end?: string;
                    weekdays?: string[];
                    monthdays?: string[];
                    months?: string[];
                }[];
                cronPairs?: {
                    start: string;
                    stop: string;
                }[];
                exceptions?: {
                    /** Format: date */
                    from: string;
                    /** Format: date */
                    to?: string;
                    /** @enum {string} */
                    state: "running" | "stopped";
                    reason?: string;
                }[];
                selector: {
                    match: {
                        /** @enum {string} */
                        field: "name" | "cloudAccountId" | "provider" | "region" | "engine" | "tag";
                        key?: string;
                        /** @enum {string} */
                        op: "equals" | "glob" | "regex" | "exists";
                        value?: string;
                        negate?: boolean;
                        ignoreCase?: boolean;
                    }[];
                };
                capacity?: {
                    inPeriod?: {
                        minAcu: number;
                        maxAcu: number;
                    };
                    outOfPeriod?: {
                        minAcu: number;
                        maxAcu: number;
                    };
                    windows?: {
                        name: string;
                        periods: {
                            begin?: string;
                            end?: string;
                            weekdays?: string[];
                            monthdays?: string[];
                            months?: string[];
                        }[];
                        minAcu: number;
                        maxAcu: number;
                    }[];
                };
                /** @default false */
                enforce?: boolean;
                /** @default false */
                dryRun?: boolean;
                /** @default true */
                enabled?: boolean;
            };
            enforce: boolean;
            dryRun: boolean;
            enabled: boolean;
            minimumSleepMinutes: number;
            /** @description Wakes its databases for pending maintenance in their maintenance window. */
            maintenanceWake: boolean;
            createdAt: string;
            updatedAt: string;
        };
        /**
         * @description A schedule definition (see docs/api.md#schedules): name, timezone, periods, cronPairs, exceptions, selector, enforce, dryRun, enabled, and minimumSleepMinutes.
         * @example {
         *       "name": "Office hours",
         *       "timezone": "Europe/Berlin",
         *       "periods": [
         *         {
         *           "begin": "08:00",
         *           "end": "19:00",
         *           "weekdays": [
         *             "mon-fri"
         *           ]
         *         }
         *       ],
         *       "selector": {
         *         "match": [
         *           {
         *             "field": "tag",
         *             "key": "env",
         *             "op": "equals",
         *             "value": "dev"
         *           }
         *         ]
         *       },
         *       "enforce": false,
         *       "dryRun": false,
         *       "enabled": true,
         *       "minimumSleepMinutes": 30
         *     }
         */
        ScheduleDefinition: {
            name: string;
            description?: string;
            timezone: string;
            /** @default [] */
            periods?: {
                begin?: string;
                end?: string;
                weekdays?: string[];
                monthdays?: string[];
                months?: string[];
            }[];
            cronPairs?: {
                start: string;
                stop: string;
            }[];
            exceptions?: {
                /** Format: date */
                from: string;
                /** Format: date */
                to?: string;
                /** @enum {string} */
                state: "running" | "stopped";
                reason?: string;
            }[];
            selector: {
                match: {
                    /** @enum {string} */
                    field: "name" | "cloudAccountId" | "provider" | "region" | "engine" | "tag";
                    key?: string;
                    /** @enum {string} */
                    op: "equals" | "glob" | "regex" | "exists";
                    value?: string;
                    negate?: boolean;
                    ignoreCase?: boolean;
                }[];
            };
            capacity?: {
                inPeriod?: {
                    minAcu: number;
                    maxAcu: number;
                };
                outOfPeriod?: {
                    minAcu: number;
                    maxAcu: number;
                };
                windows?: {
                    name: string;
                    periods: {
                        begin?: string;
                        end?: string;
                        weekdays?: string[];
                        monthdays?: string[];
                        months?: string[];
                    }[];
                    minAcu: number;
                    maxAcu: number;
                }[];
            };
            /** @default false */
            enforce?: boolean;
            /** @default false */
            dryRun?: boolean;
            /** @default true */
            enabled?: boolean;
            /** @description Never stop for a sleep window shorter than this (default 30; under 10 refused outside development and test deployments). */
            minimumSleepMinutes?: number;
            /** @description Wake the databases it selects for their maintenance window (UTC, read from the cloud) when the cloud has maintenance pending, and put them back to sleep after (default false; docs/api.md#maintenance-windows). */
            maintenanceWake?: boolean;
        };
        SchedulePage: {
            data: components["schemas"]["Schedule"][];
            nextCursor: string | null;
        };
        EvaluateResponse: {
            results: {
                at: string;
                /** @enum {string} */
                state: "running" | "stopped" | "none";
            }[];
        };
        EvaluateRequest: {
            schedule: components["schemas"]["ScheduleDefinition"];
            at: string[];
        };
        ScheduleImportPreview: {
            schedule: {
                name: string;
                description?: string;
                timezone: string;
                /** @default [] */
                periods?: {
                    begin?: string;
                    end?: string;
                    weekdays?: string[];
                    monthdays?: string[];
                    months?: string[];
                }[];
                cronPairs?: {
                    start: string;
                    stop: string;
                }[];
                exceptions?: {
                    /** Format: date */
                    from: string;
                    /** Format: date */
                    to?: string;
                    /** @enum {string} */
                    state: "running" | "stopped";
                    reason?: string;
                }[];
                selector: {
                    match: {
                        /** @enum {string} */
                        field: "name" | "cloudAccountId" | "provider" | "region" | "engine" | "tag";
                        key?: string;
                        /** @enum {string} */
                        op: "equals" | "glob" | "regex" | "exists";
                        value?: string;
                        negate?: boolean;
                        ignoreCase?: boolean;
                    }[];
                };
                capacity?: {
                    inPeriod?: {
                        minAcu: number;
                        maxAcu: number;
                    };
                    outOfPeriod?: {
                        minAcu: number;
                        maxAcu: number;
                    };
                    windows?: {
                        name: string;
                        periods: {
                            begin?: string;
                            end?: string;
                            weekdays?: string[];
                            monthdays?: string[];
                            months?: string[];
                        }[];
                        minAcu: number;
                        maxAcu: number;
                    }[];
                };
                /** @default false */
                enforce?: boolean;
                /** @default false */
                dryRun?: boolean;
                /** @default true */
                enabled?: boolean;
            };
            warnings: string[];
        };
        ScheduleImported: {
            schedule: {
                name: string;
                description?: string;
                timezone: string;
                /** @default [] */
                periods?: {
                    begin?: string;
                    end?: string;
                    weekdays?: string[];
                    monthdays?: string[];
                    months?: string[];
                }[];
                cronPairs?: {
                    start: string;
                    stop: string;
                }[];
                exceptions?: {
                    /** Format: date */
                    from: string;
                    /** Format: date */
                    to?: string;
                    /** @enum {string} */
                    state: "running" | "stopped";
                    reason?: string;
                }[];
                selector: {
                    match: {
                        /** @enum {string} */
                        field: "name" | "cloudAccountId" | "provider" | "region" | "engine" | "tag";
                        key?: string;
                        /** @enum {string} */
                        op: "equals" | "glob" | "regex" | "exists";
                        value?: string;
                        negate?: boolean;
                        ignoreCase?: boolean;
                    }[];
                };
                capacity?: {
                    inPeriod?: {
                        minAcu: number;
                        maxAcu: number;
                    };
                    outOfPeriod?: {
                        minAcu: number;
                        maxAcu: number;
                    };
                    windows?: {
                        name: string;
                        periods: {
                            begin?: string;
                            end?: string;
                            weekdays?: string[];
                            monthdays?: string[];
                            months?: string[];
                        }[];
                        minAcu: number;
                        maxAcu: number;
                    }[];
                };
                /** @default false */
                enforce?: boolean;
                /** @default false */
                dryRun?: boolean;
                /** @default true */
                enabled?: boolean;
            };
            warnings: string[];
            saved: components["schemas"]["Schedule"];
        };
        ImportScheduleRequest: {
            /** @enum {string} */
            format: "instance-scheduler";
            schedule?: unknown;
        };
        SchedulePreview: {
            from: string;
            to: string;
            transitions: {
                at: string;
                /** @enum {string} */
                state: "running" | "stopped" | "none";
            }[];
            /** @description Serverless v2 capacity ranges over the preview: the range from `from`, then each change (null: no window applies). Empty without capacity windows. */
            capacity: {
                at: string;
                minAcu: number | null;
                maxAcu: number | null;
                /** @example window night */
                source: string;
            }[];
            databases: {
                id: string;
                name: string;
                eligible: boolean;
                ineligibleReason: string | null;
                hoursAsleep: number;
                /** @description The price used; null = unknown, so no projection (set one). */
                hourlyPriceMicros: number | null;
                /** @example catalog 2026-11 */
                priceSource: string;
                projectedSavingsCents: number;
                /** @description What the schedule's capacity windows mean for this database (not serverless v2, 0 ACU unsupported, scaled instead of stopped); null without capacity windows. */
                capacityNote: string | null;
            }[];
            /** @description Eligible matched databases without a known price: not in the projection. */
            unpricedDatabases: number;
            hoursAsleep: number;
            projectedSavingsCents: number;
        };
        ScheduleDraftPreview: components["schemas"]["SchedulePreview"] & {
            /** @description The organization's other databases and why the selector leaves them out. */
            unmatched: {
                id: string;
                name: string;
                /** @description The selector's matchers this database fails, in words. */
                reasons: string[];
            }[];
        };
        SchedulePreviewRequest: {
            schedule: components["schemas"]["ScheduleDefinition"];
            /** @default 7 */
            days?: number;
        };
        Policy: {
            id: string;
            name: string;
            /** @description The definition as saved (defaults applied). */
            definition: {
                name: string;
                description?: string;
                selector: {
                    match: {
                        /** @enum {string} */
                        field: "name" | "cloudAccountId" | "provider" | "region" | "engine" | "tag";
                        key?: string;
                        /** @enum {string} */
                        op: "equals" | "glob" | "regex" | "exists";
                        value?: string;
                        negate?: boolean;
                        ignoreCase?: boolean;
                    }[];
                };
                rules: {
                    /** @enum {string} */
                    metric: "cpu" | "connections" | "read_iops" | "write_iops" | "acu";
                    /** @enum {string} */
                    operator: "gt" | "gte" | "lt" | "lte" | "eq";
                    threshold: number;
                    duration: string;
                    /** @enum {string} */
                    statistic?: "avg" | "max" | "min";
                }[];
                /**
                 * @default and
                 * @enum {string}
                 */
                combine?: "and" | "or";
                /** @default 1h */
                cooldown?: string;
                windows?: {
                    timezone: string;
                    /**
                     * @default inside
                     * @enum {string}
                     */
                    mode?: "inside" | "outside";
                    periods: {
                        begin?: string;
                        end?: string;
                        weekdays?: string[];
                        monthdays?: string[];
                        months?: string[];
                    }[];
                };
                actions: ({
                    /** @enum {string} */
                    type: "stop";
                } | {
                    /** @enum {string} */
                    type: "notify";
                } | {
                    /** @enum {string} */
                    type: "set_capacity";
                    minAcu: number;
                    maxAcu: number;
                })[];
                /** @default true */
                enabled?: boolean;
                /** @default true */
                dryRun?: boolean;
            };
            enabled: boolean;
            dryRun: boolean;
            createdAt: string;
            updatedAt: string;
        };
        /**
         * @description A policy (docs/api.md#policies): name, selector, rules {metric, operator, threshold, duration "2h", statistic?}, combine and|or, cooldown, windows?, actions (stop | notify | set_capacity {minAcu, maxAcu}), enabled, dryRun.
         * @example {
         *       "name": "Idle dev databases",
         *       "selector": {
         *         "match": [
         *           {
         *             "field": "tag",
         *             "key": "env",
         *             "op": "equals",
         *             "value": "dev"
         *           }
         *         ]
         *       },
         *       "rules": [
         *         {
         *           "metric": "connections",
         *           "operator": "lte",
         *           "threshold": 0,
         *           "duration": "2h"
         *         },
         *         {
         *           "metric": "cpu",
         *           "operator": "lt",
         *           "threshold": 5,
         *           "duration": "2h"
         *         }
         *       ],
         *       "combine": "and",
         *       "cooldown": "6h",
         *       "windows": {
         *         "timezone": "Europe/Berlin",
         *         "mode": "outside",
         *         "periods": [
         *           {
         *             "begin": "08:00",
         *             "end": "19:00",
         *             "weekdays": [
         *               "mon-fri"
         *             ]
         *           }
         *         ]
         *       },
         *       "actions": [
         *         {
         *           "type": "stop"
         *         },
         *         {
         *           "type": "notify"
         *         }
         *       ],
         *       "dryRun": true
         *     }
         */
        PolicyDefinition: {
            name: string;
            description?: string;
            selector: {
                match: {
                    /** @enum {string} */
                    field: "name" | "cloudAccountId" | "provider" | "region" | "engine" | "tag";
                    key?: string;
                    /** @enum {string} */
                    op: "equals" | "glob" | "regex" | "exists";
                    value?: string;
                    negate?: boolean;
                    ignoreCase?: boolean;
                }[];
            };
            rules: {
                /** @enum {string} */
                metric: "cpu" | "connections" | "read_iops" | "write_iops" | "acu";
                /** @enum {string} */
                operator: "gt" | "gte" | "lt" | "lte" | "eq";
                threshold: number;
                duration: string;
                /** @enum {string} */
                statistic?: "avg" | "max" | "min";
            }[];
            /**
             * @default and
             * @enum {string}
             */
            combine?: "and" | "or";
            /** @default 1h */
            cooldown?: string;
            windows?: {
                timezone: string;
                /**
                 * @default inside
                 * @enum {string}
                 */
                mode?: "inside" | "outside";
                periods: {
                    begin?: string;
                    end?: string;
                    weekdays?: string[];
                    monthdays?: string[];
                    months?: string[];
                }[];
            };
            actions: ({
                /** @enum {string} */
                type: "stop";
            } | {
                /** @enum {string} */
                type: "notify";
            } | {
                /** @enum {string} */
                type: "set_capacity";
                minAcu: number;
                maxAcu: number;
            })[];
            /** @default true */
            enabled?: boolean;
            /** @default true */
            dryRun?: boolean;
        };
        PolicyPage: {
            data: components["schemas"]["Policy"][];
            nextCursor: string | null;
        };
        PolicyEvaluation: {
            evaluatedAt: string;
            databases: {
                instanceId: string;
                name: string;
                state: string;
                fires: boolean;
                reason: string;
                /** @enum {string} */
                window: "open" | "closed" | "none";
                cooldownUntil: string | null;
                rules: {
                    metric: string;
                    operator: string;
                    threshold: number;
                    statistic: string;
                    duration: string;
                    holds: boolean;
                    hours: {
                        hourStart: string;
                        value: number | null;
                    }[];
                }[];
            }[];
        };
        PolicyHistoryPage: {
            data: components["schemas"]["PolicyHistoryEntry"][];
            nextCursor: string | null;
        };
        PolicyHistoryEntry: {
            id: string;
            instanceId: string;
            evaluatedAt: string;
            /** @enum {string} */
            outcome: "acted" | "would_act" | "blocked";
            dryRun: boolean;
            actions: ({
                /** @enum {string} */
                type: "stop";
            } | {
                /** @enum {string} */
                type: "notify";
            } | {
                /** @enum {string} */
                type: "set_capacity";
                minAcu: number;
                maxAcu: number;
            })[];
            reason: string;
            evidence: {
                metric: string;
                operator: string;
                threshold: number;
                statistic: string;
                duration: string;
                holds: boolean;
                hours: {
                    hourStart: string;
                    value: number | null;
                }[];
            }[];
        };
        PriceOverride: {
            hourlyPriceMicros: number | null;
        };
        AccountPricing: {
            accountId: string;
            /** @example 30 */
            discountPercent: number;
            repricedDatabases: number;
        };
        AccountPricingInput: {
            discountPercent: number;
        };
        SavingsSummary: {
            /** @enum {string} */
            currency: "USD";
            timezone: string;
            from: string;
            to: string;
            totalCents: number;
            previousPeriodCents: number;
            /** @description Change against the previous period, percent; null when that period saved nothing. */
            trendPercent: number | null;
            monthToDateCents: number;
            lastMonthSameDaysCents: number;
            allTimeCents: number;
            hoursAsleep: number;
            ongoing: {
                databasesAsleep: number;
                centsPerHour: number;
                accruedCents: number;
            };
            unpricedDatabases: number;
            topSavers: {
                instanceId: string;
                name: string;
                /** @enum {string} */
                provider: "aws" | "gcp";
                savedCents: number;
                hoursAsleep: number;
                priceSource: string;
            }[];
            storageNote: string;
        };
        SavingsDaily: {
            /** @enum {string} */
            currency: "USD";
            timezone: string;
            from: string;
            to: string;
            items: components["schemas"]["SavingsDay"][];
        };
        SavingsDay: {
            /** @example 2026-11-24 */
            day: string;
            savedCents: number;
            hoursAsleep: number;
            /** @description What the databases' compute cost that day: projected − saved. */
            actualCostCents: number;
            /** @description What their compute would have cost running 24/7 that day. */
            projectedCostCents: number;
        };
        SavingsByInstance: {
            /** @enum {string} */
            currency: "USD";
            timezone: string;
            from: string;
            to: string;
            items: components["schemas"]["InstanceSavings"][];
        };
        InstanceSavings: {
            instanceId: string;
            name: string;
            /** @enum {string} */
            provider: "aws" | "gcp";
            region: string;
            engine: string;
            instanceClass: string | null;
            /** @description Effective price now; null = unknown (set one). */
            hourlyPriceMicros: number | null;
            /** @example catalog 2026-11 */
            priceSource: string;
            /** @description The account's discount on catalog prices. */
            discountPercent: number;
            savedCents: number;
            hoursAsleep: number;
            asleepNow: boolean;
        };
        SavingsBySchedule: {
            /** @enum {string} */
            currency: "USD";
            timezone: string;
            from: string;
            to: string;
            items: components["schemas"]["CauseSavings"][];
        };
        CauseSavings: {
            /** @enum {string} */
            causeKind: "schedule" | "maintenance" | "policy" | "override" | "user" | "api_token" | "slack" | "aws_auto_restart" | "cloud" | "system";
            causeId: string | null;
            /** @example Office hours */
            name: string;
            savedCents: number;
            hoursAsleep: number;
            databases: number;
        };
        DatabaseSavings: {
            /** @enum {string} */
            currency: "USD";
            timezone: string;
            from: string;
            to: string;
            instanceId: string;
            hourlyPriceMicros: number | null;
            priceSource: string;
            totalCents: number;
            asleepNow: boolean;
            /** @description Saved so far by the sleep in progress. */
            ongoingCents: number;
            items: components["schemas"]["SavingsDay"][];
        };
        SavingsRecompute: {
            databases: number;
            rows: number;
        };
        UpcomingTransitions: {
            from: string;
            to: string;
            items: components["schemas"]["UpcomingTransition"][];
            total: number;
            truncated: boolean;
        };
        UpcomingTransition: {
            /** @example 2026-11-30T18:00:00.000Z */
            at: string;
            instanceId: string;
            name: string;
            /** @enum {string} */
            provider: "aws" | "gcp";
            region: string;
            /** @enum {string} */
            currentState: "running" | "stopped" | "starting" | "stopping" | "unavailable" | "unknown";
            /** @enum {string} */
            action: "stop" | "start";
            cause: {
                /** @enum {string} */
                kind: "schedule" | "override";
                id: string;
                /** @description The schedule's name, or the kind of override. */
                name: string;
            };
            /** @description Why the agent will let this transition pass; null when it will act. */
            skipReason: string | null;
        };
        SlackInstallUrl: {
            url: string;
        };
        SlackLinkRequest: {
            slackUserId: string;
            userId: string;
        };
        Integration: {
            id: string;
            /** @enum {string} */
            kind: "webhook" | "slack_webhook" | "slack_app";
            name: string;
            /** @description Where it sends, without secrets (host or Slack workspace). */
            target: string;
            /** @description Subscribed notification types; empty = all. */
            eventTypes: string[];
            /** @description Slack app: channel id per notification type; `*` is the default. */
            channels: {
                [key: string]: string;
            };
            enabled: boolean;
            disabledReason: string | null;
            disabledAt: string | null;
            consecutiveFailures: number;
            createdAt: string;
            updatedAt: string;
        };
        CreatedIntegration: components["schemas"]["Integration"] & {
            /** @description The webhook signing secret (whsec_…). Shown once; store it now. */
            secret: string | null;
        };
        CreateIntegrationRequest: {
            /** @enum {string} */
            kind: "webhook";
            name: string;
            /** @example https://hooks.example.com/snoozeql */
            url: string;
            eventTypes?: ("database.stopped" | "database.started" | "database.failed" | "database.auto_restart" | "override.created" | "override.expiring" | "policy.fired" | "recommendation.ready" | "savings.digest.daily" | "savings.digest.weekly")[];
        } | {
            /** @enum {string} */
            kind: "slack_webhook";
            name: string;
            /** @example https://hooks.slack.com/services/T000/B000/XXXX */
            url: string;
            eventTypes?: ("database.stopped" | "database.started" | "database.failed" | "database.auto_restart" | "override.created" | "override.expiring" | "policy.fired" | "recommendation.ready" | "savings.digest.daily" | "savings.digest.weekly")[];
        };
        UpdateIntegrationRequest: {
            name?: string;
            url?: string;
            eventTypes?: ("database.stopped" | "database.started" | "database.failed" | "database.auto_restart" | "override.created" | "override.expiring" | "policy.fired" | "recommendation.ready" | "savings.digest.daily" | "savings.digest.weekly")[];
            channels?: {
                [key: string]: string;
            };
            /** @description true re-enables an integration that was disabled after failing. */
            enabled?: boolean;
        };
        RotatedSecret: {
            secret: string;
            previousValidUntil: string;
        };
        DeliveryPage: {
            data: components["schemas"]["Delivery"][];
            nextCursor: string | null;
        };
        Delivery: {
            /** @description Also the `webhook-id` header the receiver saw. */
            id: string;
            eventId: string;
            eventType: string;
            /** @enum {string} */
            status: "pending" | "delivered" | "failed" | "dead";
            attempts: number;
            lastStatusCode: number | null;
            lastError: string | null;
            latencyMs: number | null;
            responseSnippet: string | null;
            createdAt: string;
            lastAttemptAt: string | null;
            deliveredAt: string | null;
        };
        SlackReply: {
            /** @enum {string} */
            response_type?: "ephemeral" | "in_channel";
            text?: string;
        };
        DatabaseMetrics: {
            instanceId: string;
            from: string;
            to: string;
            /** @description One series per requested metric, oldest hour first; hours without data (asleep, not collected) are absent. */
            series: {
                /** @enum {string} */
                metric: "cpu" | "connections" | "read_iops" | "write_iops" | "acu";
                unit: string;
                points: {
                    hourStart: string;
                    avg: number;
                    max: number;
                    min: number;
                    samples: number;
                }[];
            }[];
        };
        RecommendationList: {
            /** @description Proposed schedules, highest projected savings first. */
            items: components["schemas"]["Recommendation"][];
            /** @description Databases with no proposal, each with the reason (kind skipped or waiting). */
            skipped: components["schemas"]["Recommendation"][];
        };
        Recommendation: {
            id: string;
            /**
             * @description schedule: a proposed schedule; skipped: why none is proposed; waiting: not enough data yet.
             * @enum {string}
             */
            kind: "schedule" | "skipped" | "waiting";
            /** @enum {string} */
            status: "open" | "applied" | "dismissed";
            instance: {
                id: string;
                name: string;
                provider: string;
                region: string;
                engine: string;
            };
            /** @example awake Mon–Fri 07:00–19:00 (Europe/Berlin); asleep 108 h a week */
            summary: string;
            /** @description Why nothing is proposed: busy, irregular, ineligible, scheduled, low-confidence, not-enough-data. */
            reason: string | null;
            confidencePercent: number;
            /** @enum {string|null} */
            confidence: "high" | "medium" | "low" | null;
            /** @description A schedule definition (POST /schedules body) the apply action saves. */
            proposedSchedule: {
                [key: string]: unknown;
            } | null;
            projection: {
                asleepHoursPerWeek: number;
                asleepHoursPerMonth: number;
                hourlyPriceMicros: number | null;
                priceSource: string;
                /** @description Hours asleep in a 730-hour month × the database's price; null = price unknown. */
                monthlySavingsCents: number | null;
                /** @enum {string} */
                currency: "USD";
            } | null;
            evidence: {
                timezone: string;
                from: string;
                to: string;
                daysOfData: number;
                hoursObserved: number;
                /** @description Percent of observed weeks this hour was active (null = no data), one per hour of the week in the organization's zone, Monday 00:00 first (168). */
                activePercent: (number | null)[];
                /** @description Weeks observed, one per hour of the week in the organization's zone, Monday 00:00 first (168). */
                weeks: (number | null)[];
                proposedAwake: boolean[] | null;
                coveragePercent: number;
                consistencyPercent: number;
                thresholds: {
                    cpuPercent: number;
                    connections: number | null;
                    connectionsNote: string;
                };
            } | null;
            appliedScheduleId: string | null;
            analyzedAt: string;
        };
        RecommendationAnalysis: {
            analyzed: number;
            proposed: number;
            skipped: number;
            waiting: number;
        };
        AppliedRecommendation: {
            recommendation: components["schemas"]["Recommendation"];
            schedule: {
                id: string;
                name: string;
                /** @description false: the database joined an existing schedule with the same periods. */
                created: boolean;
            };
        };
        SleepCalendar: {
            from: string;
            to: string;
            databases: {
                instanceId: string;
                name: string;
                /** @description Observed power state now. */
                state: string;
                asleep: {
                    from: string;
                    to: string;
                    /** @description The schedule or override that puts it to sleep, or 'asleep now'. */
                    cause: string;
                }[];
                /** @description Transitions in the range the agent will let pass. */
                skipped: number;
                /** @description More than 2000 intervals: only the earliest are listed. */
                truncated: boolean;
                /** @description Runs of at least 3 sleeps in which every sleep and every gap is shorter than 30 minutes (too short to draw on a week): one band each, with the count. Their sleeps are in `asleep` too. */
                cycles: {
                    from: string;
                    to: string;
                    sleeps: number;
                    everyMinutes: number;
                    asleepPercent: number;
                }[];
                /** @description When a schedule wakes it for pending maintenance in its window (its sleep is cut for it); null when none this week. */
                maintenance: {
                    from: string;
                    to: string;
                    /** @example Sun 05:00–05:30 UTC */
                    window: string;
                } | null;
            }[];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
};
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Everything needed is reachable */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something needed is missing or unreachable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    getLiveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The Worker answers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Liveness"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    signup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SignupRequest"];
            };
        };
        responses: {
            /** @description Check your email */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckEmail"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The email could not be sent */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    verifyEmail: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VerifyEmailRequest"];
            };
        };
        responses: {
            /** @description Confirmed and signed in */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description Unknown, used or expired link */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    forgotPassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ForgotPasswordRequest"];
            };
        };
        responses: {
            /** @description Check your email */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckEmail"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The email could not be sent */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    resetPassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResetPasswordRequest"];
            };
        };
        responses: {
            /** @description Password changed; every session ended */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unknown, used or expired link */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            /** @description Signed in */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signed out */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordChangeRequest"];
            };
        };
        responses: {
            /** @description Changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    switchOrganization: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SwitchOrganizationRequest"];
            };
        };
        responses: {
            /** @description Now acting in that organization */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Live sessions, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionList"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    signOutEverywhere: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["SignOutEverywhereRequest"];
            };
        };
        responses: {
            /** @description Signed out */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resealCredentials: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResealReport"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTokens: {
        parameters: {
            query?: {
                /** @description Items per page (1–100). */
                limit?: number;
                /** @description `nextCursor` from the previous page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Tokens, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiTokenPage"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTokenRequest"];
            };
        };
        responses: {
            /** @description Created (the secret is shown only here) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiToken"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listMembers: {
        parameters: {
            query?: {
                /** @description Items per page (1–100). */
                limit?: number;
                /** @description `nextCursor` from the previous page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Members, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberPage"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    removeMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    changeMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangeMemberRequest"];
            };
        };
        responses: {
            /** @description Changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        userId: string;
                        /**
                         * @description owner > admin > operator > viewer
                         * @example operator
                         * @enum {string}
                         */
                        role: "owner" | "admin" | "operator" | "viewer";
                    };
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listInvitations: {
        parameters: {
            query?: {
                /** @description Items per page (1–100). */
                limit?: number;
                /** @description `nextCursor` from the previous page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Pending invitations */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvitationPage"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateInvitationRequest"];
            };
        };
        responses: {
            /** @description Created; the link is emailed to the person (and shown only here, should the email not arrive) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedInvitation"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    acceptInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AcceptInvitationRequest"];
            };
        };
        responses: {
            /** @description Joined; the session now acts in that organization */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAuditLog: {
        parameters: {
            query?: {
                /** @description Items per page (1–100). */
                limit?: number;
                /** @description `nextCursor` from the previous page. */
                cursor?: string;
                actorId?: string;
                /** @description Exact action, or a prefix ending in '.' (e.g. 'token.'). */
                action?: string;
                targetType?: string;
                targetId?: string;
                from?: string;
                to?: string;
                format?: "json" | "csv";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Entries, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditEntryPage"];
                    "text/csv": string;
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAccounts: {
        parameters: {
            query?: {
                /** @description Items per page (1–100). */
                limit?: number;
                /** @description `nextCursor` from the previous page. */
                cursor?: string;
                provider?: "aws" | "gcp";
                status?: "pending" | "connected" | "error" | "disabled";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accounts, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CloudAccountPage"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    connectAccount: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConnectCloudAccountRequest"];
            };
        };
        responses: {
            /** @description Connected (status pending until tested) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CloudAccount"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An account with this name exists */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAccount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The account */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CloudAccount"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteAccount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Disconnected */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateAccount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateCloudAccountRequest"];
            };
        };
        responses: {
            /** @description Changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CloudAccount"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    testAccount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What works and what does not (ok=false is still a 200) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionReport"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    syncAccount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accountId: string;
                        queuedAt: string;
                    };
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAccountCloudFormation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Template (YAML) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/yaml": string;
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listEvents: {
        parameters: {
            query?: {
                /** @description Items per page (1–100). */
                limit?: number;
                /** @description `nextCursor` from the previous page. */
                cursor?: string;
                instanceId?: string;
                cloudAccountId?: string;
                /** @description Exact type, or a prefix ending in '.' (e.g. 'instance.'). */
                type?: string;
                cause?: "schedule" | "maintenance" | "policy" | "override" | "user" | "api_token" | "slack" | "aws_auto_restart" | "cloud" | "system";
                from?: string;
                to?: string;
                format?: "json" | "csv";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Events, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventPage"];
                    "text/csv": string;
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listInstances: {
        parameters: {
            query?: {
                /** @description Items per page (1–100). */
                limit?: number;
                /** @description `nextCursor` from the previous page. */
                cursor?: string;
                cloudAccountId?: string;
                provider?: "aws" | "gcp";
                state?: "running" | "stopped" | "starting" | "stopping" | "unavailable" | "unknown";
                region?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Databases, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DatabasePage"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getInstance: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The database */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Database"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    startInstance: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionAccepted"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    stopInstance: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionAccepted"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getInstanceSchedules: {
        parameters: {
            query?: {
                days?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The schedules that select it */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DatabaseSchedules"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createOverride: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateOverrideRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Override"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listOverrides: {
        parameters: {
            query?: {
                /** @description Items per page (1–100). */
                limit?: number;
                /** @description `nextCursor` from the previous page. */
                cursor?: string;
                instanceId?: string;
                active?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Overrides, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OverridePage"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancelOverride: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Cancelled; schedules apply again */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getScheduleOverview: {
        parameters: {
            query?: {
                days?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The overview */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleOverview"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSchedules: {
        parameters: {
            query?: {
                /** @description Items per page (1–100). */
                limit?: number;
                /** @description `nextCursor` from the previous page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Schedules */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SchedulePage"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ScheduleDefinition"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A schedule with this name exists */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The schedule */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    replaceSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ScheduleDefinition"];
            };
        };
        responses: {
            /** @description Replaced */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    evaluateSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EvaluateRequest"];
            };
        };
        responses: {
            /** @description States */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EvaluateResponse"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    importSchedule: {
        parameters: {
            query?: {
                dryRun?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ImportScheduleRequest"];
            };
        };
        responses: {
            /** @description dryRun: the converted definition and what did not carry over */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleImportPreview"];
                };
            };
            /** @description Imported and saved */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleImported"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    previewSchedule: {
        parameters: {
            query?: {
                days?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Preview */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SchedulePreview"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    previewScheduleDraft: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SchedulePreviewRequest"];
            };
        };
        responses: {
            /** @description Preview */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleDraftPreview"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listPolicies: {
        parameters: {
            query?: {
                /** @description Items per page (1–100). */
                limit?: number;
                /** @description `nextCursor` from the previous page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Policies */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyPage"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PolicyDefinition"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Policy"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A policy with this name exists */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The policy */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Policy"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    replacePolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PolicyDefinition"];
            };
        };
        responses: {
            /** @description Replaced */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Policy"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A policy with this name exists */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deletePolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    evaluatePolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The evaluation */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyEvaluation"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listPolicyHistory: {
        parameters: {
            query?: {
                /** @description Items per page (1–100). */
                limit?: number;
                /** @description `nextCursor` from the previous page. */
                cursor?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description History */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyHistoryPage"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    setInstancePrice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PriceOverride"];
            };
        };
        responses: {
            /** @description The database with its new price */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Database"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    setAccountPricing: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AccountPricingInput"];
            };
        };
        responses: {
            /** @description The discount in force */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountPricing"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSavingsSummary: {
        parameters: {
            query?: {
                /** @description First local day (YYYY-MM-DD, organization's time zone), inclusive; default 29 days before `to`. */
                from?: string;
                /** @description Last local day, inclusive; default today. */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Summary */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SavingsSummary"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSavingsDaily: {
        parameters: {
            query?: {
                /** @description First local day (YYYY-MM-DD, organization's time zone), inclusive; default 29 days before `to`. */
                from?: string;
                /** @description Last local day, inclusive; default today. */
                to?: string;
                format?: "json" | "csv";
                instanceId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Days, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SavingsDaily"];
                    "text/csv": string;
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSavingsByInstance: {
        parameters: {
            query?: {
                /** @description First local day (YYYY-MM-DD, organization's time zone), inclusive; default 29 days before `to`. */
                from?: string;
                /** @description Last local day, inclusive; default today. */
                to?: string;
                format?: "json" | "csv";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Databases */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SavingsByInstance"];
                    "text/csv": string;
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSavingsBySchedule: {
        parameters: {
            query?: {
                /** @description First local day (YYYY-MM-DD, organization's time zone), inclusive; default 29 days before `to`. */
                from?: string;
                /** @description Last local day, inclusive; default today. */
                to?: string;
                format?: "json" | "csv";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Causes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SavingsBySchedule"];
                    "text/csv": string;
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getInstanceSavings: {
        parameters: {
            query?: {
                /** @description First local day (YYYY-MM-DD, organization's time zone), inclusive; default 29 days before `to`. */
                from?: string;
                /** @description Last local day, inclusive; default today. */
                to?: string;
                format?: "json" | "csv";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Days, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DatabaseSavings"];
                    "text/csv": string;
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    recomputeSavings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Rebuilt */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SavingsRecompute"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listUpcomingTransitions: {
        parameters: {
            query?: {
                hours?: number;
                /** @description List at most this many (the earliest); `total` counts them all. */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Upcoming transitions, earliest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UpcomingTransitions"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    startSlackInstall: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Open `url` in the browser */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SlackInstallUrl"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Slack is not configured on this deployment */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    slackOAuthCallback: {
        parameters: {
            query: {
                code?: string;
                state: string;
                error?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Back to Settings → Integrations */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    linkSlackUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SlackLinkRequest"];
            };
        };
        responses: {
            /** @description Linked (replaces an earlier link of this Slack user) */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listIntegrationEventTypes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every type; `coming` ones are not produced yet */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            type: string;
                            label: string;
                            coming: boolean;
                        }[];
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listIntegrations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Integrations, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Integration"][];
                    };
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createIntegration: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateIntegrationRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedIntegration"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getIntegration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The integration */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Integration"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteIntegration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed (its delivery log too) */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateIntegration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateIntegrationRequest"];
            };
        };
        responses: {
            /** @description Changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Integration"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rotateIntegrationSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    windowHours?: number;
                };
            };
        };
        responses: {
            /** @description Rotated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RotatedSecret"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listIntegrationDeliveries: {
        parameters: {
            query?: {
                /** @description Items per page (1–100). */
                limit?: number;
                /** @description `nextCursor` from the previous page. */
                cursor?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deliveries, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryPage"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    testIntegration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What the first attempt did (see the delivery log for retries) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Delivery"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    slackCommand: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An immediate answer; results follow via response_url */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SlackReply"];
                };
            };
            /** @description Not signed by Slack */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    slackInteractivity: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Acknowledged; the message is updated via response_url */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not signed by Slack */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getInstanceMetrics: {
        parameters: {
            query?: {
                metric?: string;
                /** @description Inclusive; default 14 days before `to`. */
                from?: string;
                /** @description Exclusive; default now. */
                to?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Hourly rollups */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DatabaseMetrics"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listRecommendations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Recommendations */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecommendationList"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    analyzeRecommendations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What the analysis found */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecommendationAnalysis"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    applyRecommendation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Applied */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AppliedRecommendation"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing to apply, or already applied */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    dismissRecommendation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Dismissed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Recommendation"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Already applied, or not a proposal */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSleepCalendar: {
        parameters: {
            query?: {
                days?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The calendar */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SleepCalendar"];
                };
            };
            /** @description Request validation failed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authentication required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    onDatabaseStopped: {
        parameters: {
            query?: never;
            header: {
                /** @description Stable per delivery (retries repeat it): drop repeats. */
                "webhook-id": string;
                /** @description Unix seconds; refuse requests more than 5 minutes off. */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of id.timestamp.body>`, one per valid secret (two during a rotation). */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["WebhookPayload"];
            };
        };
        responses: {
            /** @description Received */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onDatabaseStarted: {
        parameters: {
            query?: never;
            header: {
                /** @description Stable per delivery (retries repeat it): drop repeats. */
                "webhook-id": string;
                /** @description Unix seconds; refuse requests more than 5 minutes off. */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of id.timestamp.body>`, one per valid secret (two during a rotation). */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["WebhookPayload"];
            };
        };
        responses: {
            /** @description Received */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onDatabaseFailed: {
        parameters: {
            query?: never;
            header: {
                /** @description Stable per delivery (retries repeat it): drop repeats. */
                "webhook-id": string;
                /** @description Unix seconds; refuse requests more than 5 minutes off. */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of id.timestamp.body>`, one per valid secret (two during a rotation). */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["WebhookPayload"];
            };
        };
        responses: {
            /** @description Received */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onDatabaseAutoRestart: {
        parameters: {
            query?: never;
            header: {
                /** @description Stable per delivery (retries repeat it): drop repeats. */
                "webhook-id": string;
                /** @description Unix seconds; refuse requests more than 5 minutes off. */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of id.timestamp.body>`, one per valid secret (two during a rotation). */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["WebhookPayload"];
            };
        };
        responses: {
            /** @description Received */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onOverrideCreated: {
        parameters: {
            query?: never;
            header: {
                /** @description Stable per delivery (retries repeat it): drop repeats. */
                "webhook-id": string;
                /** @description Unix seconds; refuse requests more than 5 minutes off. */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of id.timestamp.body>`, one per valid secret (two during a rotation). */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["WebhookPayload"];
            };
        };
        responses: {
            /** @description Received */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onOverrideExpiring: {
        parameters: {
            query?: never;
            header: {
                /** @description Stable per delivery (retries repeat it): drop repeats. */
                "webhook-id": string;
                /** @description Unix seconds; refuse requests more than 5 minutes off. */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of id.timestamp.body>`, one per valid secret (two during a rotation). */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["WebhookPayload"];
            };
        };
        responses: {
            /** @description Received */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPolicyFired: {
        parameters: {
            query?: never;
            header: {
                /** @description Stable per delivery (retries repeat it): drop repeats. */
                "webhook-id": string;
                /** @description Unix seconds; refuse requests more than 5 minutes off. */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of id.timestamp.body>`, one per valid secret (two during a rotation). */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["WebhookPayload"];
            };
        };
        responses: {
            /** @description Received */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onRecommendationReady: {
        parameters: {
            query?: never;
            header: {
                /** @description Stable per delivery (retries repeat it): drop repeats. */
                "webhook-id": string;
                /** @description Unix seconds; refuse requests more than 5 minutes off. */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of id.timestamp.body>`, one per valid secret (two during a rotation). */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["WebhookPayload"];
            };
        };
        responses: {
            /** @description Received */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onSavingsDigestDaily: {
        parameters: {
            query?: never;
            header: {
                /** @description Stable per delivery (retries repeat it): drop repeats. */
                "webhook-id": string;
                /** @description Unix seconds; refuse requests more than 5 minutes off. */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of id.timestamp.body>`, one per valid secret (two during a rotation). */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["DigestWebhookPayload"];
            };
        };
        responses: {
            /** @description Received */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onSavingsDigestWeekly: {
        parameters: {
            query?: never;
            header: {
                /** @description Stable per delivery (retries repeat it): drop repeats. */
                "webhook-id": string;
                /** @description Unix seconds; refuse requests more than 5 minutes off. */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of id.timestamp.body>`, one per valid secret (two during a rotation). */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["DigestWebhookPayload"];
            };
        };
        responses: {
            /** @description Received */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
