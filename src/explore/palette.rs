//! The colours of the network pictures, shared by the SVG picture and the DOT output: one
//! per actor class and one per edge type (Tableau 10 and category-10 colours), so the two
//! outputs and their legends agree.

/// Fill colour of an actor class (by its label).
pub fn class_colour(class: &str) -> &'static str {
    match class {
        "State" => "#4e79a7",
        "De facto state" => "#f28e2b",
        "Armed force" => "#e15759",
        "Armed group" => "#b6992d",
        "Intergovernmental organisation" => "#59a14f",
        "Government body" => "#8cd17d",
        "Non-governmental organisation" => "#b07aa1",
        "Political party" => "#ff9da7",
        "Company" => "#9c755f",
        "Person" => "#bab0ac",
        "Ethnic or population group" => "#86bcb6",
        "Administrative entity" => "#f1ce63",
        _ => "#d4d4d4",
    }
}

/// Stroke colour of an edge type (top-level support type or item category label).
pub fn type_colour(edge_type: &str) -> &'static str {
    match edge_type {
        "military support" => "#d62728",
        "diplomatic support" => "#1f77b4",
        "economic support" => "#2ca02c",
        "humanitarian support" => "#9467bd",
        "arms" => "#8c564b",
        "energy" => "#ff7f0e",
        "goods" => "#17becf",
        "money" => "#bcbd22",
        "fighters" => "#e377c2",
        _ => "#7f7f7f",
    }
}
