//! A readable terminal table of an inventory: kind, id, provider, where.

use std::fmt::Write;

use crate::bom::Inventory;

/// Renders one row per component, sorted by kind then identity key.
pub fn render(inv: &Inventory) -> String {
    let mut rows: Vec<[String; 4]> = inv
        .items
        .values()
        .map(|i| {
            let first = i
                .evidence
                .first()
                .map_or_else(String::new, |e| match e.line {
                    Some(l) => format!("{}:{l}", e.file),
                    None => e.file.clone(),
                });
            let more = if i.evidence.len() > 1 {
                format!(" (+{} more)", i.evidence.len() - 1)
            } else {
                String::new()
            };
            [
                i.kind.as_str().to_string(),
                i.id.clone(),
                i.provider.clone().unwrap_or_else(|| "-".into()),
                format!("{first}{more}"),
            ]
        })
        .collect();
    rows.sort_by(|a, b| (&a[0], &a[1], &a[2]).cmp(&(&b[0], &b[1], &b[2])));
    let header = ["KIND", "ID", "PROVIDER", "WHERE"].map(String::from);
    let widths: Vec<usize> = (0..3)
        .map(|c| {
            rows.iter()
                .chain([&header])
                .map(|r| r[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in std::iter::once(&header).chain(&rows) {
        let _ = writeln!(
            out,
            "{:w0$}  {:w1$}  {:w2$}  {}",
            r[0],
            r[1],
            r[2],
            r[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2]
        );
    }
    let _ = writeln!(
        out,
        "\n{} components, {} warnings",
        inv.items.len(),
        inv.warnings.len()
    );
    out
}
