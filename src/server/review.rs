//! The review page (`/review`) and its JSON endpoints, guarded by the bearer token of
//! `/update` exactly as `/update` is (enabled only with `--allow-update --token-file FILE
//! --store DIR`; RFC 6750 §2.1 header, compared in constant time). They call the same
//! library code as `nkkg review` (`crate::review`):
//! - `GET /api/review/pending`: the pending candidates, as `nkkg review --json` lists them;
//! - `POST /api/review/decide`: one decision, a JSON object
//!   `{"candidate", "verdict": "accept"|"reject"|"edit", "reviewer", "giver"?, "receiver"?,
//!   "type"?, "polarity"?, "note"?, "acceptEntity"?}`, answered with the decision record
//!   and fact written (200), or 409 when the candidate was decided already, 404 when there
//!   is no such candidate, 400 when the decision is not valid.
//!
//! A decision is written under the server's time limit like an update: a 503 means that
//! nothing was written.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::error::ApiError;
use super::sparql::{bearer_token, constant_time_eq};
use super::state::{AppState, Shared};
use super::work::{blocking, writing};
use crate::review::command::OutcomeJson;
use crate::review::{self, parse_id, Decision, Edits, ReviewError, Verdict};

const PAGE: &str = include_str!("assets/review.html");
const SCRIPT: &str = include_str!("assets/review.js");

/// GET /review: the review page (it asks for the token; the data comes from the API).
pub async fn page() -> Response {
    let mut r = PAGE.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    r
}

/// GET /assets/review.js.
pub async fn script() -> Response {
    let mut r = SCRIPT.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    r
}

/// Checks the `Authorization: Bearer` token against the one of `/update`.
fn authorize(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(expected) = state.update_token.as_deref() else {
        return Err(ApiError::forbidden("reviewing is disabled; start the server with --allow-update --token-file FILE --store DIR"));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(bearer_token);
    if !given.is_some_and(|g| constant_time_eq(g.as_bytes(), expected.as_bytes())) {
        return Err(ApiError::unauthorized(
            "a valid bearer token (the one of /update) is required to review",
        ));
    }
    Ok(())
}

fn review_error(e: ReviewError) -> ApiError {
    match e {
        ReviewError::NotFound(_) => ApiError::not_found(e.to_string()),
        ReviewError::Conflict(message) => ApiError::conflict(message),
        ReviewError::NeedsEntity(message) | ReviewError::Invalid(message) => {
            ApiError::bad_request(message)
        }
        ReviewError::Store(e) => e.into(),
    }
}

fn json_response(value: &impl serde::Serialize) -> Result<Response, ApiError> {
    let body = serde_json::to_vec(value).map_err(|e| ApiError::internal(anyhow::Error::from(e)))?;
    let mut r = body.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}

/// GET /api/review/pending: the pending candidates as JSON.
pub async fn pending(
    State(state): State<Shared>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    authorize(&state, &headers)?;
    let list = blocking(&state, |state, _| {
        let pending = review::pending::list(&state.store).map_err(review_error)?;
        Ok(pending
            .iter()
            .map(|p| p.json(state.sources_dir.as_deref()))
            .collect::<Vec<_>>())
    })
    .await?;
    json_response(&list)
}

/// The body of `POST /api/review/decide`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct DecideRequest {
    candidate: String,
    verdict: String,
    reviewer: String,
    giver: Option<String>,
    receiver: Option<String>,
    #[serde(rename = "type")]
    concept: Option<String>,
    polarity: Option<String>,
    note: Option<String>,
    #[serde(default)]
    accept_entity: bool,
}

impl DecideRequest {
    fn into_decision(self, state: &AppState) -> Result<Decision, ApiError> {
        let iri = |t: Option<String>| {
            t.filter(|t| !t.trim().is_empty())
                .map(|t| parse_id(&t))
                .transpose()
                .map_err(|e| ApiError::bad_request(e.to_string()))
        };
        let verdict = match self.verdict.as_str() {
            "accept" => Verdict::Accept,
            "reject" => Verdict::Reject,
            "edit" => Verdict::Edit,
            other => {
                return Err(ApiError::bad_request(format!(
                    "'{other}' is not a verdict; send accept, reject or edit"
                )))
            }
        };
        Ok(Decision {
            candidate: parse_id(&self.candidate)
                .map_err(|e| ApiError::bad_request(e.to_string()))?,
            verdict,
            edits: Edits {
                giver: iri(self.giver)?,
                receiver: iri(self.receiver)?,
                concept: iri(self.concept)?,
                polarity: iri(self.polarity)?,
                note: self.note,
            },
            reviewer: self.reviewer,
            accept_entities: self.accept_entity,
            sources: state.sources_dir.clone(),
        })
    }
}

/// POST /api/review/decide: one decision (see the module comment).
pub async fn decide(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    authorize(&state, &headers)?;
    let request: DecideRequest = serde_json::from_slice(&body?).map_err(|e| {
        ApiError::bad_request(format!("the body is not a decision: {e}; send a JSON object with candidate, verdict and reviewer"))
    })?;
    let decision = request.into_decision(&state)?;
    let outcome = writing(&state, move |state, gate| {
        review::decide_within(&state.store, &decision, gate).map_err(review_error)
    })
    .await?;
    json_response(&OutcomeJson::from(&outcome))
}
