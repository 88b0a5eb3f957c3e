//! The review page (`/review`) and its JSON endpoints, guarded by the bearer token of
//! `/update` exactly as `/update` is (enabled only with `--allow-update --token-file FILE
//! --store DIR`; RFC 6750 §2.1 header, compared in constant time). They call the same
//! library code as `nkkg review` (`crate::review`):
//! - `GET /api/review/pending`: the pending candidates, as `nkkg review --json` lists them;
//! - `POST /api/review/decide`: one decision, a JSON object
//!   `{"candidate", "verdict": "accept"|"reject"|"edit", "reviewer", "giver"?, "receiver"?,
//!   "type"?, "polarity"?, "note"?, "acceptEntity"?}`, or on a proposed entity on its own
//!   (as `nkkg review accept-entity` / `reject-entity`) `{"entity", "verdict", "reviewer",
//!   "label"?, "class"?, "note"?}` (`edit` accepts it with the label or class given),
//!   answered with the decision record and the fact or entity written (200), or 409 when
//!   the candidate or entity was decided already (naming who decided it and when), 404
//!   when there is no such candidate or proposed entity, 400 when the decision is not
//!   valid.
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
use oxigraph::model::NamedNode;

use crate::prefixes::shorten;
use crate::review::command::OutcomeJson;
use crate::review::entities::{decide_entity_within, EntityVerdict};
use crate::review::proposed::EntityEdits;
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

/// The body of `POST /api/review/decide`: a decision on a candidate (`candidate`) or on a
/// proposed entity (`entity`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct DecideRequest {
    candidate: Option<String>,
    entity: Option<String>,
    verdict: String,
    reviewer: String,
    giver: Option<String>,
    receiver: Option<String>,
    #[serde(rename = "type")]
    concept: Option<String>,
    polarity: Option<String>,
    label: Option<String>,
    class: Option<String>,
    note: Option<String>,
    #[serde(default)]
    accept_entity: bool,
}

/// What a request decides.
enum Decide {
    /// A candidate.
    Candidate(Decision),
    /// A proposed entity on its own.
    Entity(NamedNode, EntityVerdict, String),
}

/// An optional IRI field: absent or blank is none.
fn iri(text: Option<String>) -> Result<Option<NamedNode>, ApiError> {
    text.filter(|t| !t.trim().is_empty())
        .map(|t| parse_id(&t))
        .transpose()
        .map_err(|e| ApiError::bad_request(e.to_string()))
}

impl DecideRequest {
    fn into_decision(mut self, state: &AppState) -> Result<Decide, ApiError> {
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
        let target = match (self.candidate.take(), self.entity.take()) {
            (Some(candidate), None) => candidate,
            (None, Some(entity)) => {
                return self.entity_decision(&entity, verdict);
            }
            _ => {
                return Err(ApiError::bad_request(
                    "send either a candidate or an entity (a proposed entity's IRI) to decide, not both",
                ))
            }
        };
        if self.label.is_some() || self.class.is_some() {
            return Err(ApiError::bad_request(
                "label and class are for a proposed entity (send entity instead of candidate); a candidate's edits are giver, receiver, type and polarity",
            ));
        }
        Ok(Decide::Candidate(Decision {
            candidate: parse_id(&target).map_err(|e| ApiError::bad_request(e.to_string()))?,
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
        }))
    }

    /// A decision on a proposed entity: accept it (edit: with another label or class, as
    /// `nkkg review accept-entity --label --class`) or reject it.
    fn entity_decision(self, entity: &str, verdict: Verdict) -> Result<Decide, ApiError> {
        let candidate_fields = [&self.giver, &self.receiver, &self.concept, &self.polarity];
        if candidate_fields.iter().any(|f| f.is_some()) || self.accept_entity {
            return Err(ApiError::bad_request(
                "an entity's decision takes label, class and note only; giver, receiver, type, polarity and acceptEntity are for a candidate",
            ));
        }
        let entity = parse_id(entity).map_err(|e| ApiError::bad_request(e.to_string()))?;
        let verdict = match verdict {
            Verdict::Reject if self.label.is_some() || self.class.is_some() => {
                return Err(ApiError::bad_request(
                    "a rejected entity takes no label or class; send accept or edit to correct it",
                ))
            }
            Verdict::Reject => EntityVerdict::Reject { note: self.note },
            Verdict::Accept | Verdict::Edit => EntityVerdict::Accept(EntityEdits {
                label: self.label.filter(|l| !l.trim().is_empty()),
                class: iri(self.class)?,
                note: self.note,
            }),
        };
        Ok(Decide::Entity(entity, verdict, self.reviewer))
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
        ApiError::bad_request(format!("the body is not a decision: {e}; send a JSON object with candidate (or entity), verdict and reviewer"))
    })?;
    let outcome = match request.into_decision(&state)? {
        Decide::Candidate(decision) => {
            let outcome = writing(&state, move |state, gate| {
                review::decide_within(&state.store, &decision, gate).map_err(review_error)
            })
            .await?;
            OutcomeJson::from(&outcome)
        }
        Decide::Entity(entity, verdict, reviewer) => {
            let shown = shorten(entity.as_str());
            let record = writing(&state, move |state, gate| {
                decide_entity_within(&state.store, &entity, &verdict, &reviewer, gate)
                    .map_err(review_error)
            })
            .await?;
            OutcomeJson {
                decision: shorten(record.as_str()),
                fact: None,
                entities: vec![shown],
            }
        }
    };
    json_response(&outcome)
}
