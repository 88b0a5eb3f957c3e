//! The one error type of the handlers (axum's `IntoResponse` error pattern): a status and
//! a sentence saying what to change, answered as `text/plain` with control characters
//! escaped (`crate::error::escape_controls`). Server faults (500) keep
//! their cause, which is logged with `tracing::error!` when the answer is written.

use axum::extract::rejection::BytesRejection;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// An error answered as `status` with a plain-text message.
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// What went wrong, as a sentence.
    pub message: String,
    /// For a 500, the fault behind it, for the log.
    cause: Option<anyhow::Error>,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self { status, message: message.into(), cause: None }
    }

    /// 400: the request is malformed; `message` says what is accepted.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    /// 401: a credential is missing or wrong (answered with `WWW-Authenticate`).
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, message)
    }

    /// 403: the operation is switched off.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }

    /// 404: nothing is there.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }

    /// 405: the path exists but not for this method (axum adds `Allow`).
    pub fn method_not_allowed(message: impl Into<String>) -> Self {
        Self::new(StatusCode::METHOD_NOT_ALLOWED, message)
    }

    /// 406: no acceptable format is offered.
    pub fn not_acceptable(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_ACCEPTABLE, message)
    }

    /// 409: the request conflicts with the current state (a candidate decided already).
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, message)
    }

    /// 413: the request body is over the limit.
    pub fn payload_too_large(message: impl Into<String>) -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, message)
    }

    /// 415: the request body's type is not one the route reads.
    pub fn unsupported_media_type(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, message)
    }

    /// 500: the server or its store failed; the cause is logged and summarised.
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        let cause = cause.into();
        Self {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: format!("the server failed while answering (a fault of the server or its store, not of the request): {cause:#}"),
            cause: Some(cause),
        }
    }

    /// 502: the remote store behind the server (`--endpoint`) failed or could not be reached.
    pub fn bad_gateway(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_GATEWAY, message)
    }

    /// 503: overloaded or out of time; answered with `Retry-After`.
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, message)
    }
}

/// A storage or evaluation failure inside a handler is the server's fault, except a
/// query cancelled at its deadline, which is the time limit.
impl From<anyhow::Error> for ApiError {
    fn from(error: anyhow::Error) -> Self {
        if crate::query::is_cancelled(&error) {
            return Self::unavailable("the query was stopped at the server's time limit; narrow it");
        }
        if let Some(crate::error::NkkgError::Endpoint(message)) = error.downcast_ref() {
            return Self::bad_gateway(message.clone());
        }
        Self::internal(error)
    }
}

impl From<BytesRejection> for ApiError {
    fn from(rejection: BytesRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return Self::payload_too_large("the request body is larger than this server accepts (--max-body); send a shorter request");
        }
        Self::bad_request(format!("cannot read the request body: {}", rejection.body_text()))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Some(cause) = &self.cause {
            tracing::error!(status = %self.status, "{cause:#}");
        }
        let mut response = (self.status, format!("{}\n", crate::error::escape_controls(&self.message))).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
        match self.status {
            StatusCode::SERVICE_UNAVAILABLE => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            StatusCode::UNAUTHORIZED => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"nkkg\""));
            }
            _ => {}
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_are_500_with_their_cause_and_cancellations_503() {
        let fault = ApiError::from(anyhow::anyhow!("disk full").context("cannot read the store"));
        assert_eq!(fault.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(
            fault.message,
            "the server failed while answering (a fault of the server or its store, not of the request): cannot read the store: disk full"
        );
        assert!(fault.cause.is_some());
        let cancelled = ApiError::from(anyhow::Error::from(oxigraph::sparql::QueryEvaluationError::Cancelled));
        assert_eq!(cancelled.status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(cancelled.cause.is_none());
    }

    #[test]
    fn answers_are_plain_text_with_the_headers_their_status_needs() {
        let busy = ApiError::unavailable("busy").into_response();
        assert_eq!(busy.headers()[header::RETRY_AFTER], "1");
        assert_eq!(busy.headers()[header::CONTENT_TYPE], "text/plain; charset=utf-8");
        let denied = ApiError::unauthorized("token").into_response();
        assert_eq!(denied.headers()[header::WWW_AUTHENTICATE], "Bearer realm=\"nkkg\"");
        assert!(ApiError::not_found("x").into_response().headers().get(header::RETRY_AFTER).is_none());
    }

    #[tokio::test]
    async fn control_characters_are_escaped_in_answers() {
        let answer = ApiError::bad_request("no entity is called 'a\u{0}b\u{1b}[31m'").into_response();
        let body = axum::body::to_bytes(answer.into_body(), 1000).await.unwrap();
        assert_eq!(&body[..], b"no entity is called 'a\\u{0}b\\u{1b}[31m'\n");
    }
}
