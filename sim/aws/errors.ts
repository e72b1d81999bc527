// AWS error model and its two wire renderings: the Query protocol's <ErrorResponse> XML (RDS, STS,
// CloudWatch Query) and awsJson1_0 with awsQueryCompatible (CloudWatch JSON: __type body plus the
// x-amzn-query-error header the SDK reads the Query error code from).

export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly type: "Sender" | "Receiver" = status >= 500 ? "Receiver" : "Sender",
  ) {
    super(message);
  }
}

/** Query error code -> fully qualified awsJson shape id, as CloudWatch's JSON endpoint names them. */
const JSON_TYPES: Record<string, string> = {
  InvalidParameterValue: "com.amazonaws.cloudwatch#InvalidParameterValueException",
  MissingParameter: "com.amazonaws.cloudwatch#MissingRequiredParameterException",
  InvalidParameterCombination: "com.amazonaws.cloudwatch#InvalidParameterCombinationException",
  InvalidNextToken: "com.amazonaws.cloudwatch#InvalidNextToken",
  LimitExceeded: "com.amazonaws.cloudwatch#LimitExceededFault",
  Throttling: "com.amazon.coral.availability#ThrottlingException",
  ThrottlingException: "com.amazon.coral.availability#ThrottlingException",
  InvalidClientTokenId: "com.amazon.coral.service#UnrecognizedClientException",
  SignatureDoesNotMatch: "com.amazon.coral.service#InvalidSignatureException",
  IncompleteSignature: "com.amazon.coral.service#IncompleteSignatureException",
  ExpiredToken: "com.amazon.coral.service#ExpiredTokenException",
  MissingAuthenticationToken: "com.amazon.coral.service#MissingAuthenticationTokenException",
  AccessDenied: "com.amazon.coral.service#AccessDeniedException",
  InternalFailure: "com.amazon.coral.service#InternalFailure",
  ServiceUnavailable: "com.amazon.coral.availability#ServiceUnavailableException",
  InvalidAction: "com.amazon.coral.service#UnknownOperationException",
  SerializationException: "com.amazon.coral.service#SerializationException",
  ValidationError: "com.amazon.coral.validate#ValidationException",
};

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

export function queryErrorResponse(err: AwsError, xmlns: string, requestId: string): WireResponse {
  const body =
    `<ErrorResponse xmlns="${xmlns}">\n  <Error>\n    <Type>${err.type}</Type>\n    <Code>${esc(err.code)}</Code>\n` +
    `    <Message>${esc(err.message)}</Message>\n  </Error>\n  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`;
  return {
    status: err.status,
    headers: { "content-type": "text/xml", "x-amzn-requestid": requestId },
    body,
  };
}

export function jsonErrorResponse(err: AwsError, requestId: string): WireResponse {
  const type = JSON_TYPES[err.code] ?? `com.amazonaws.cloudwatch#${err.code}`;
  return {
    status: err.status,
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amzn-requestid": requestId,
      "x-amzn-query-error": `${err.code};${err.type}`,
    },
    body: JSON.stringify({ __type: type, message: err.message }),
  };
}

export function internalError(): AwsError {
  return new AwsError("InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", 500);
}
