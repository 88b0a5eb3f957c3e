// The review page: lists the pending candidates (GET /api/review/pending) and the proposed
// entities they name, and posts one decision per click (POST /api/review/decide, with
// "candidate" or "entity"), with the bearer token of /update. Text from the store is only
// ever set with textContent.
"use strict";

const $ = (selector) => document.querySelector(selector);
let token = "";

function status(text) {
  $("#review-status").textContent = text;
}

async function api(path, options = {}) {
  const headers = { Authorization: "Bearer " + token, ...(options.headers || {}) };
  const response = await fetch(path, { ...options, headers });
  const text = await response.text();
  if (!response.ok) throw new Error(text.trim() || response.status + " " + response.statusText);
  return JSON.parse(text);
}

// The sentence with the giver's and the receiver's mentions in <mark> elements.
function sentenceCell(candidate) {
  const td = document.createElement("td");
  if (candidate.sentence == null) {
    td.textContent = candidate.file + " " + candidate.start + "-" + candidate.end + " (text not found)";
    return td;
  }
  const chars = Array.from(candidate.sentence);
  const marks = [];
  for (const [role, party] of [["giver", candidate.giver], ["receiver", candidate.receiver]]) {
    for (const [s, e] of party.mentions) marks.push({ role, s: s - candidate.start, e: e - candidate.start });
  }
  marks.sort((a, b) => a.s - b.s);
  let at = 0;
  for (const m of marks) {
    if (m.s < at) continue;
    td.append(chars.slice(at, m.s).join(""));
    const mark = document.createElement("mark");
    mark.className = m.role;
    mark.textContent = chars.slice(m.s, m.e).join("");
    td.append(mark);
    at = m.e;
  }
  td.append(chars.slice(at).join(""));
  return td;
}

function party(p) {
  return p.proposed ? "proposed: " + p.label + " (" + p.proposed.replace(/^nk:/, "") + ")" : p.label;
}

function field(name, placeholder) {
  const input = document.createElement("input");
  input.name = name;
  input.placeholder = placeholder;
  input.size = 16;
  return input;
}

function row(candidate) {
  const tr = document.createElement("tr");
  tr.dataset.id = candidate.id;
  const id = document.createElement("td");
  id.textContent = candidate.id;
  const relation = document.createElement("td");
  relation.textContent = candidate.kind + ": " + party(candidate.giver) + " → " + party(candidate.receiver) + ", " + candidate.type + ", " + candidate.polarity;
  const decision = document.createElement("td");
  const edit = document.createElement("div");
  edit.className = "edit";
  edit.hidden = true;
  const inputs = [field("giver", candidate.giver.iri), field("receiver", candidate.receiver.iri), field("type", candidate.type), field("polarity", candidate.polarity), field("note", "note")];
  edit.append(...inputs);
  const buttons = [["accept", "Accept"], ["reject", "Reject"], ["edit", "Edit"]].map(([verdict, label]) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = verdict;
    b.textContent = label;
    b.addEventListener("click", () => {
      if (verdict === "edit" && edit.hidden) {
        edit.hidden = false;
        b.textContent = "Save edit";
        return;
      }
      const body = { candidate: candidate.iri, verdict, reviewer: $("#reviewer").value, acceptEntity: $("#accept-entity").checked };
      for (const input of inputs) if (input.value.trim() !== "" && (verdict === "edit" || input.name === "note")) body[input.name] = input.value.trim();
      decide(tr, candidate, body);
    });
    return b;
  });
  decision.append(...buttons, edit);
  tr.append(id, relation, sentenceCell(candidate), decision);
  return tr;
}

async function decide(tr, candidate, body) {
  try {
    const outcome = await api("/api/review/decide", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    tr.remove();
    const entities = (outcome.entities || []).map((e) => " (accepted entity " + e + ")").join("");
    status(candidate.id + ": " + body.verdict + (outcome.fact ? " → " + outcome.fact : "") + entities);
    if (entities) await refresh();
  } catch (e) {
    status(candidate.id + ": " + e.message);
  }
}

// The proposed entities the pending candidates name, once each.
function proposedEntities(list) {
  const seen = new Map();
  for (const candidate of list) {
    for (const p of [candidate.giver, candidate.receiver]) {
      if (p.proposed && !seen.has(p.iri)) seen.set(p.iri, p);
    }
  }
  return [...seen.values()];
}

// One proposed entity: accept it, reject it, or accept it with another label or class.
function entityRow(entity) {
  const tr = document.createElement("tr");
  tr.dataset.iri = entity.iri;
  const iri = document.createElement("td");
  iri.textContent = entity.iri;
  const label = document.createElement("td");
  label.textContent = entity.label;
  const cls = document.createElement("td");
  cls.textContent = entity.proposed;
  const decision = document.createElement("td");
  const edit = document.createElement("div");
  edit.className = "edit";
  edit.hidden = true;
  const inputs = [field("label", entity.label), field("class", entity.proposed), field("note", "note")];
  edit.append(...inputs);
  const buttons = [["accept", "Accept"], ["reject", "Reject"], ["edit", "Edit"]].map(([verdict, text]) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = verdict;
    b.textContent = text;
    b.addEventListener("click", async () => {
      if (verdict === "edit" && edit.hidden) {
        edit.hidden = false;
        b.textContent = "Save edit";
        return;
      }
      const body = { entity: entity.iri, verdict, reviewer: $("#reviewer").value };
      for (const input of inputs) if (input.value.trim() !== "" && (verdict === "edit" || input.name === "note")) body[input.name] = input.value.trim();
      try {
        const outcome = await api("/api/review/decide", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
        tr.remove();
        await refresh();
        status(entity.iri + ": " + (verdict === "reject" ? "rejected entity " : "accepted entity ") + outcome.entities.join(" "));
      } catch (e) {
        status(entity.iri + ": " + e.message);
      }
    });
    return b;
  });
  decision.append(...buttons, edit);
  tr.append(iri, label, cls, decision);
  return tr;
}

// Reloads both lists; returns how many candidates are pending.
async function refresh() {
  const list = await api("/api/review/pending");
  $("#pending tbody").replaceChildren(...list.map(row));
  const entities = proposedEntities(list);
  $("#entities tbody").replaceChildren(...entities.map(entityRow));
  $("#entities-section").hidden = entities.length === 0;
  return list.length;
}

async function load(event) {
  event.preventDefault();
  token = $("#token").value.trim();
  $("#pending tbody").replaceChildren();
  $("#entities tbody").replaceChildren();
  try {
    status((await refresh()) + " pending candidate(s)");
  } catch (e) {
    status(e.message);
  }
}

$("#login").addEventListener("submit", load);
