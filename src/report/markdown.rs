//! The PR comment / job summary: a headline with counts, tables of added,
//! removed and changed AI components, package changes folded away, a lineage
//! graph when fine-tunes or datasets are involved, and a hidden marker. Always
//! within GitHub's 65,536-character comment limit.

use std::fmt::Write;

use super::escape::md;
use super::json::{Entry, Location, Report};
use crate::policy::{Level, RuleId, Verdict};
use crate::vocab::Kind;

/// The hidden marker that finds our sticky comment (kept at the end).
pub const MARKER: &str = "<!-- aibom:v1 -->";
/// GitHub's limit for an issue comment.
pub const MAX_COMMENT: usize = 65_536;

/// Where links point: `https://github.com/o/r/blob/<sha>/`, when known.
#[derive(Debug, Clone, Default)]
pub struct Links {
    /// Prefix for head-side file links.
    pub head: Option<String>,
    /// Prefix for base-side file links.
    pub base: Option<String>,
    /// The check run's page, when there is one (the App).
    pub check_run: Option<String>,
}

/// Renders the full report; if it is over the limit, a bounded summary that says what was cut.
pub fn render(r: &Report, links: &Links) -> String {
    let full = full(r, links, usize::MAX);
    if full.chars().count() <= MAX_COMMENT {
        return full;
    }
    // Bounded: keep the headline and the first rows of each table.
    for rows in [200, 50, 10, 0] {
        let s = full_with_note(r, links, rows);
        if s.chars().count() <= MAX_COMMENT {
            return s;
        }
    }
    format!(
        "## aibom\n\n{}\n\nThe report is too large for a comment; see the job summary or `aibom check --format json`.\n\n{MARKER}\n",
        headline(r)
    )
}

fn full_with_note(r: &Report, links: &Links, rows: usize) -> String {
    let mut s = full(r, links, rows);
    let marker_at = s.rfind(MARKER).unwrap_or(s.len());
    s.insert_str(marker_at, &format!("> Shortened to fit GitHub's comment limit: at most {rows} rows per table are shown. The full report is in the job summary and `aibom check --format json`.\n\n"));
    s
}

fn is_ai(e: &Entry) -> bool {
    e.ai && e.kind != Kind::Library
}

/// "2 new AI models, 1 new external AI endpoint, 1 weight file".
pub fn headline(r: &Report) -> String {
    let count = |f: &dyn Fn(&Entry) -> bool| r.added.iter().filter(|e| f(e)).count();
    let mut parts = Vec::new();
    let mut add = |n: usize, one: &str, many: &str| {
        if n > 0 {
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    };
    add(
        count(&|e| matches!(e.kind, Kind::Model | Kind::HubModel | Kind::FineTunedModel)),
        "new AI model",
        "new AI models",
    );
    add(
        count(&|e| e.kind == Kind::Service),
        "new external AI endpoint",
        "new external AI endpoints",
    );
    add(
        count(&|e| e.kind == Kind::WeightFile),
        "new weight file",
        "new weight files",
    );
    add(
        count(&|e| e.kind == Kind::Dataset),
        "new dataset",
        "new datasets",
    );
    add(
        count(&|e| e.kind == Kind::EnvVar),
        "new AI setting",
        "new AI settings",
    );
    add(
        count(&|e| e.kind == Kind::Library && e.ai),
        "new AI/ML package",
        "new AI/ML packages",
    );
    let removed = r.removed.iter().filter(|e| e.ai).count();
    add(removed, "AI component removed", "AI components removed");
    add(r.switched.len(), "model switched", "models switched");
    if parts.is_empty() {
        "No AI changes".to_string()
    } else {
        parts.join(", ")
    }
}

fn icon(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "✅",
        Verdict::Warn => "⚠️",
        Verdict::Fail => "❌",
    }
}

/// A repository value in a table cell (a code span nothing can leave).
fn cell(s: &str) -> String {
    md::cell(s)
}

fn location(e: &Entry, prefix: Option<&str>) -> String {
    let Some(first) = e.evidence.first() else {
        return String::new();
    };
    place(first, e.evidence.len().saturating_sub(1), prefix)
}

/// A file:line, linked to the commit when `prefix` is given, with a count of
/// `others` places beside it.
fn place(first: &Location, others: usize, prefix: Option<&str>) -> String {
    let text = match first.line {
        Some(l) => format!("{}:{l}", first.file),
        None => first.file.clone(),
    };
    let more = if others > 0 {
        format!(" (+{others})")
    } else {
        String::new()
    };
    match prefix {
        Some(p) => {
            let anchor = first.line.map(|l| format!("#L{l}")).unwrap_or_default();
            let target = md::link_target(p, &first.file, &anchor);
            format!("[{}]({target}){more}", cell(&text))
        }
        None => format!("{}{more}", cell(&text)),
    }
}

fn policy_cell(policy: &[crate::policy::RuleResult]) -> String {
    match policy.iter().max_by_key(|p| p.level) {
        None => "—".into(),
        Some(p) => format!("{} {}", level_icon(p.level), md::message(&p.message, true)),
    }
}

fn level_icon(l: Level) -> &'static str {
    match l {
        Level::Failure => "❌",
        Level::Warning => "⚠️",
        Level::Notice => "ℹ️",
    }
}

/// The columns of one section's table.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Columns {
    /// provider · kind · id · where (models and endpoints, grouped by provider).
    ByProvider,
    /// kind · id · base model · where (weights, hub models, fine-tunes).
    Artifacts,
    /// id · where (datasets).
    Plain,
    /// variable · provider · where (settings).
    Settings,
    /// kind · provider · id · where (removed components of every kind).
    Any,
}

/// One row's cells, already rendered.
struct Row<'e> {
    kind: &'e str,
    provider: String,
    id: String,
    base_model: String,
    at: String,
}

impl Row<'_> {
    /// The cells `columns` shows, in order.
    fn cells(self, columns: Columns) -> Vec<String> {
        let kind = self.kind.to_string();
        match columns {
            Columns::ByProvider => vec![self.provider, kind, self.id, self.at],
            Columns::Artifacts => vec![kind, self.id, self.base_model, self.at],
            Columns::Plain => vec![self.id, self.at],
            Columns::Settings => vec![self.id, self.provider, self.at],
            Columns::Any => vec![kind, self.provider, self.id, self.at],
        }
    }
}

fn table(
    out: &mut String,
    title: &str,
    entries: &[&Entry],
    prefix: Option<&str>,
    rows: usize,
    columns: Columns,
) {
    if entries.is_empty() {
        return;
    }
    // No policy column where no row has a policy result.
    let policy = entries.iter().any(|e| !e.policy.is_empty());
    let head: &[&str] = match columns {
        Columns::ByProvider => &["provider", "kind", "id", "where"],
        Columns::Artifacts => &["kind", "id", "base model", "where"],
        Columns::Plain => &["id", "where"],
        Columns::Settings => &["variable", "provider", "where"],
        Columns::Any => &["kind", "provider", "id", "where"],
    };
    let _ = writeln!(out, "### {title}\n");
    let mut names: Vec<&str> = head.to_vec();
    if policy {
        names.push("policy");
    }
    let _ = writeln!(out, "| {} |", names.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(names.len()));
    let write_row = |out: &mut String, row: Row<'_>, p: &str| {
        let p = if policy {
            format!(" {p} |")
        } else {
            String::new()
        };
        let _ = writeln!(out, "| {} |{p}", row.cells(columns).join(" | "));
    };
    let (singles, folds) = fold(entries);
    for Fold { entries: group, .. } in &folds {
        let mut providers: Vec<&str> = group.iter().filter_map(|e| e.provider.as_deref()).collect();
        providers.sort_unstable();
        providers.dedup();
        let shown: Vec<String> = group.iter().take(FOLD_SHOWN).map(|e| cell(&e.id)).collect();
        let rest = if group.len() > FOLD_SHOWN {
            ", …"
        } else {
            ""
        };
        // A folded row names every provider of its ids.
        let provider = if providers.is_empty() {
            "—".to_string()
        } else {
            providers
                .iter()
                .map(|p| md::word(p))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let row = Row {
            kind: group[0].kind.as_str(),
            provider,
            id: format!("{} ids: {}{rest}", group.len(), shown.join(", ")),
            base_model: "—".into(),
            at: location(group[0], prefix),
        };
        write_row(out, row, "—");
    }
    let rows = rows.saturating_sub(folds.len());
    for e in singles.iter().take(rows) {
        let row = Row {
            kind: e.kind.as_str(),
            provider: e.provider.as_deref().map_or_else(|| "—".into(), md::word),
            id: cell(&e.id),
            base_model: e.base_model.as_deref().map_or_else(|| "—".into(), cell),
            at: location(e, prefix),
        };
        write_row(out, row, &policy_cell(&e.policy));
    }
    if singles.len() > rows {
        let _ = writeln!(out, "\n…and {} more.", singles.len() - rows);
    }
    out.push('\n');
}

/// More entries than this of one kind from one file (a model registry) fold
/// into one row with a count.
const FOLD_OVER: usize = 5;
/// Ids named in a folded row.
const FOLD_SHOWN: usize = 3;

/// Entries of one kind first seen in one file (a model registry), shown as one row.
struct Fold<'e> {
    kind: Kind,
    file: &'e str,
    entries: Vec<&'e Entry>,
}

/// Entries of one kind first seen in one file, when there are more than
/// [`FOLD_OVER`] of them and no policy result among them, fold into one row
/// (each is still a component of the BOM and the JSON report). Returns the
/// rows left as they are and the folds, in first-seen order.
fn fold<'e>(entries: &[&'e Entry]) -> (Vec<&'e Entry>, Vec<Fold<'e>>) {
    let file_of = |e: &'e Entry| e.evidence.first().map(|l| l.file.as_str());
    let mut folds: Vec<Fold<'e>> = Vec::new();
    for &e in entries.iter().filter(|e| e.policy.is_empty()) {
        let Some(file) = file_of(e) else { continue };
        match folds
            .iter_mut()
            .find(|g| g.kind == e.kind && g.file == file)
        {
            Some(g) => g.entries.push(e),
            None => folds.push(Fold {
                kind: e.kind,
                file,
                entries: vec![e],
            }),
        }
    }
    folds.retain(|g| g.entries.len() > FOLD_OVER);
    let singles = entries
        .iter()
        .copied()
        .filter(|e| {
            !e.policy.is_empty()
                || !folds
                    .iter()
                    .any(|g| g.kind == e.kind && Some(g.file) == file_of(e))
        })
        .collect();
    (singles, folds)
}

fn full(r: &Report, links: &Links, rows: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## {} aibom: {}\n", icon(r.verdict), headline(r));
    if !r.new_providers.is_empty() {
        let names: Vec<String> = r.new_providers.iter().map(|p| md::code(p)).collect();
        let _ = writeln!(
            out,
            "**This change starts sending data to {}.**\n",
            names.join(", ")
        );
    }
    if let Some(t) = &r.risk_tier {
        let _ = writeln!(out, "Declared EU AI Act risk tier: **{t}**\n");
    }
    failures(&mut out, r, links.head.as_deref(), rows);
    let added: Vec<&Entry> = r
        .added
        .iter()
        .filter(|e| is_ai(e) && !e.test_only)
        .collect();
    let of = |kinds: &[Kind]| -> Vec<&Entry> {
        added
            .iter()
            .copied()
            .filter(|e| kinds.contains(&e.kind))
            .collect()
    };
    let mut api = of(&[Kind::Model, Kind::Service]);
    // Grouped by provider: who gets the data reads first.
    api.sort_by(|a, b| {
        (a.provider.as_deref(), a.kind, &a.id).cmp(&(b.provider.as_deref(), b.kind, &b.id))
    });
    let head = links.head.as_deref();
    table(
        &mut out,
        "Models and endpoints",
        &api,
        head,
        rows,
        Columns::ByProvider,
    );
    table(
        &mut out,
        "Weight files, hub models and fine-tunes",
        &of(&[Kind::WeightFile, Kind::HubModel, Kind::FineTunedModel]),
        head,
        rows,
        Columns::Artifacts,
    );
    table(
        &mut out,
        "Datasets",
        &of(&[Kind::Dataset]),
        head,
        rows,
        Columns::Plain,
    );
    table(
        &mut out,
        "Settings",
        &of(&[Kind::EnvVar]),
        head,
        rows,
        Columns::Settings,
    );
    let removed: Vec<&Entry> = r.removed.iter().filter(|e| is_ai(e)).collect();
    table(
        &mut out,
        "Removed AI components",
        &removed,
        links.base.as_deref(),
        rows,
        Columns::Any,
    );
    let changed: Vec<_> = r
        .changed
        .iter()
        .filter(|c| c.kind != Kind::Library)
        .collect();
    if !changed.is_empty() {
        let _ = writeln!(
            out,
            "### Changed AI components\n\n| kind | id | field | from | to |\n|---|---|---|---|---|"
        );
        for c in changed.iter().take(rows) {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                c.kind.as_str(),
                cell(&c.id),
                md::word(&c.field),
                cell(&c.from),
                cell(&c.to)
            );
        }
        out.push('\n');
    }
    switched(&mut out, r, head, rows);
    lineage(&mut out, r);
    let tests: Vec<&Entry> = r.added.iter().filter(|e| is_ai(e) && e.test_only).collect();
    if !tests.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>{} added only in test code</summary>\n",
            tests.len()
        );
        table(&mut out, "Test-only", &tests, head, rows, Columns::Any);
        out.push_str("</details>\n\n");
    }
    let pkg_added: Vec<&Entry> = r.added.iter().filter(|e| e.kind == Kind::Library).collect();
    let pkg_removed: Vec<&Entry> = r
        .removed
        .iter()
        .filter(|e| e.kind == Kind::Library)
        .collect();
    let pkg_changed: Vec<_> = r
        .changed
        .iter()
        .filter(|c| c.kind == Kind::Library)
        .collect();
    if !(pkg_added.is_empty() && pkg_removed.is_empty() && pkg_changed.is_empty()) {
        let _ = writeln!(
            out,
            "<details><summary>Package changes: {} added, {} removed, {} changed</summary>\n",
            pkg_added.len(),
            pkg_removed.len(),
            pkg_changed.len()
        );
        let _ = writeln!(
            out,
            "| change | ecosystem | package | version |\n|---|---|---|---|"
        );
        let pkg_row = |out: &mut String, change: &str, e: &Entry| {
            let ai = if e.ai { " (AI)" } else { "" };
            let _ = writeln!(
                out,
                "| {change} | {} | {}{ai} | {} |",
                e.ecosystem.as_deref().map(md::word).unwrap_or_default(),
                cell(&e.id),
                e.version.as_deref().map_or_else(|| "—".into(), md::word)
            );
        };
        for e in pkg_added.iter().take(rows) {
            pkg_row(&mut out, "added", e);
        }
        for e in pkg_removed.iter().take(rows) {
            pkg_row(&mut out, "removed", e);
        }
        for c in pkg_changed.iter().take(rows) {
            let _ = writeln!(
                out,
                "| {} | | {} | {} → {} |",
                md::word(&c.field),
                cell(&c.id),
                md::word(&c.from),
                md::word(&c.to)
            );
        }
        out.push_str("\n</details>\n\n");
    }
    if r.added.is_empty() && r.removed.is_empty() && r.changed.is_empty() && r.switched.is_empty() {
        out.push_str("This change adds, removes or changes no AI components or packages.\n\n");
    }
    if !r.warnings.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>{} scan note(s)</summary>\n",
            r.warnings.len()
        );
        for w in r.warnings.iter().take(rows.min(50)) {
            let _ = writeln!(out, "- {}", md::code(&w.to_string()));
        }
        out.push_str("\n</details>\n\n");
    }
    footer(&mut out, r, links);
    out.push_str(MARKER);
    out.push('\n');
    out
}

/// Places that now use another model (a default switched), with the verdict
/// of the allow and deny lists on the model they use now.
fn switched(out: &mut String, r: &Report, prefix: Option<&str>, rows: usize) {
    if r.switched.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "### Switched models\n\nThe same place now uses another model; both stay in use elsewhere.\n\n| kind | from | to | provider | at | policy |\n|---|---|---|---|---|---|"
    );
    for s in r.switched.iter().take(rows) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            s.kind.as_str(),
            cell(&s.from),
            cell(&s.to),
            s.provider.as_deref().map_or_else(|| "—".into(), md::word),
            place(&s.at, 0, prefix),
            policy_cell(&s.policy),
        );
    }
    if r.switched.len() > rows {
        let _ = writeln!(out, "\n…and {} more.", r.switched.len() - rows);
    }
    out.push('\n');
}

/// The results at warning level or above.
fn flagged_of(
    policy: &[crate::policy::RuleResult],
) -> impl Iterator<Item = &crate::policy::RuleResult> {
    policy.iter().filter(|p| p.level >= Level::Warning)
}

/// Policy failures and warnings first: the rule, the component, where, and
/// what would let it through.
fn failures(out: &mut String, r: &Report, prefix: Option<&str>, rows: usize) {
    // (kind, id, how it came, where, result); places are written only for
    // the results shown.
    let added = r.added.iter().flat_map(|e| {
        flagged_of(&e.policy).map(move |p| (e.kind, e.id.as_str(), "", location(e, prefix), p))
    });
    let switched = r.switched.iter().flat_map(|s| {
        flagged_of(&s.policy).map(move |p| {
            (
                s.kind,
                s.to.as_str(),
                " (switched to)",
                place(&s.at, 0, prefix),
                p,
            )
        })
    });
    let mut flagged: Vec<_> = added.chain(switched).collect();
    // Failures before warnings; otherwise in the report's order.
    flagged.sort_by_key(|(.., p)| std::cmp::Reverse(p.level));
    if flagged.is_empty() {
        return;
    }
    let _ = writeln!(out, "### Policy\n");
    for (kind, id, how, at, p) in flagged.iter().take(rows.max(1)) {
        let mark = if p.level == Level::Failure {
            "❌"
        } else {
            "⚠️"
        };
        let _ = writeln!(
            out,
            "- {mark} {} — {} {}{how} at {at}: {}. {}",
            md::code(&p.rule.to_string()),
            kind.as_str(),
            md::code(id),
            md::message(&p.message, false),
            fix(p.rule)
        );
    }
    if flagged.len() > rows.max(1) {
        let _ = writeln!(out, "- …and {} more.", flagged.len() - rows.max(1));
    }
    out.push('\n');
}

/// What in the base branch's `.aibom.yml` would let an item through `rule`.
fn fix(rule: RuleId) -> String {
    match rule {
        RuleId::NotAllowed(list) => format!("Fix: add it to `allow: {}:`.", list.as_str()),
        RuleId::Deny(list) => format!("Fix: remove it from `deny: {}:`.", list.as_str()),
        RuleId::FailOn(rule) => format!(
            "Fix: `fail-on: {{{}: warning}}` lets it through with a warning.",
            rule.as_str()
        ),
    }
}

/// Where the check run is, how to get both BOMs, how to allow an item.
fn footer(out: &mut String, r: &Report, links: &Links) {
    let mut parts = Vec::new();
    if let Some(run) = &links.check_run {
        parts.push(format!("[check run]({})", md::link_target(run, "", "")));
    }
    let sha = |s: &str| {
        if crate::source::is_commit_sha(s) {
            md::code(s)
        } else {
            md::code("<commit>")
        }
    };
    parts.push(format!(
        "BOMs: `aibom scan . --rev` {} (base) / {} (head)",
        sha(&r.base),
        sha(&r.head)
    ));
    parts.push("allow an item: `allow:` or `fail-on:` in the base branch's `.aibom.yml`".into());
    let _ = writeln!(out, "<sub>{}</sub>\n", parts.join(" · "));
}

/// A Mermaid graph of added fine-tunes (→ base model, ← datasets) and added
/// datasets; one node per dataset.
fn lineage(out: &mut String, r: &Report) {
    let tunes: Vec<&Entry> = r
        .added
        .iter()
        .filter(|e| e.kind == Kind::FineTunedModel)
        .collect();
    let datasets: Vec<&Entry> = r.added.iter().filter(|e| e.kind == Kind::Dataset).collect();
    if tunes.is_empty() && datasets.is_empty() {
        return;
    }
    let q = md::mermaid_label;
    let mut nodes: Vec<String> = Vec::new();
    let mut node = |out: &mut String, id: &str| -> String {
        match nodes.iter().position(|n| n == id) {
            Some(i) => format!("d{i}"),
            None => {
                nodes.push(id.to_string());
                let name = format!("d{}", nodes.len() - 1);
                let _ = writeln!(out, "  {name}[(\"{}\")]", q(id));
                name
            }
        }
    };
    out.push_str("### Lineage\n\n```mermaid\ngraph LR\n");
    let mut trained: Vec<&str> = Vec::new();
    for (i, e) in tunes.iter().enumerate() {
        let _ = writeln!(out, "  f{i}[\"{}\"]", q(&e.id));
        if let Some(base) = &e.base_model {
            let _ = writeln!(out, "  b{i}[\"{}\"] -->|base of| f{i}", q(base));
        }
        for d in &e.datasets {
            let n = node(out, d);
            let _ = writeln!(out, "  {n} -->|trains| f{i}");
            trained.push(d);
        }
    }
    for (k, d) in datasets
        .iter()
        .filter(|d| !trained.contains(&d.id.as_str()))
        .enumerate()
    {
        let n = node(out, &d.id);
        let by = d.evidence.first().map_or(String::new(), |l| l.file.clone());
        let _ = writeln!(out, "  {n} -->|used in| u{k}[\"{}\"]", q(&by));
    }
    out.push_str("```\n\n");
}
