//! Switches: one place in the code that used model A now uses model B, while
//! both stay in use elsewhere. Identity diff cannot see these (neither id is
//! added or removed), yet a default model switched from `gpt-4.1` to
//! `gpt-5.4-mini` is what a reviewer of the change wants to hear about.
//!
//! A switch is recognised from evidence alone, so it works the same from a
//! saved BOM as from a scan: in one file (outside tests), A's occurrence is
//! gone and B's has appeared, with the same construct (`symbol`) on a source
//! line that reads the same but for the id. A move to another file, an id
//! dropped from one list and another added on an unrelated line, or a line
//! rewritten in more than one place is no switch and stays silent.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::bom::{Inventory, Item};
use crate::vocab::{Evidence, Kind};

/// One place whose model changed from one id to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Switch {
    /// The component the place used before (the base's item).
    pub from: Item,
    /// The component the place uses now (the head's item).
    pub to: Item,
    /// Where: the head's occurrence of `to`.
    pub at: Evidence,
}

/// Kinds whose switch is reported: the model a call uses.
fn switchable(kind: Kind) -> bool {
    matches!(kind, Kind::Model | Kind::HubModel)
}

/// Occurrences per file of the switchable items of `inv`, outside tests.
fn by_file(inv: &Inventory) -> BTreeMap<&str, Vec<(&Item, &Evidence)>> {
    let mut m: BTreeMap<&str, Vec<(&Item, &Evidence)>> = BTreeMap::new();
    for item in inv.items.values() {
        if !switchable(item.kind) {
            continue;
        }
        for e in &item.evidence {
            if e.line.is_some() && !crate::scan::file::is_test_path(&e.file) {
                m.entry(e.file.as_str()).or_default().push((item, e));
            }
        }
    }
    m
}

/// Switches between two inventories. `both` holds the identities present in
/// code on both sides (added and removed ones are already reported as such).
pub fn switches<'a>(
    base: &'a Inventory,
    head: &'a Inventory,
    both: &BTreeSet<&str>,
) -> Vec<Switch> {
    let b = by_file(base);
    let h = by_file(head);
    let mut out = Vec::new();
    for (file, head_all) in &h {
        let Some(base_all) = b.get(file) else {
            continue;
        };
        // Constructs are counted over every model of the file; switches
        // happen between ids both sides use.
        let (base_once, head_once) = (once(base_all), once(head_all));
        let in_both = |uses: &[(&'a Item, &'a Evidence)]| -> Vec<(&'a Item, &'a Evidence)> {
            uses.iter()
                .filter(|(i, _)| both.contains(i.identity.as_str()))
                .copied()
                .collect()
        };
        let (base_uses, head_uses) = (&in_both(base_all), &in_both(head_all));
        // An occurrence is lost when the head has no occurrence of its id on
        // a line reading the same, gained likewise; the flag tells whether
        // the id left (or came into) the file altogether.
        let (base_lines, head_lines) = (lines_of(base_uses), lines_of(head_uses));
        let mut lost = unmatched(base_uses, &head_lines);
        let gained = unmatched(head_uses, &base_lines);
        for (to, at, came) in gained {
            // The nearest line first: of two look-alike lines, the one that
            // stayed in place is the one that was edited. An id that stays
            // in the file elsewhere (a default and its fallback swapped)
            // switched only where it stood: at the same line, or at the one
            // place of its construct on each side (`config.model`, when lines
            // above it were added).
            let pick = lost
                .iter()
                .enumerate()
                .filter(|(_, (from, was, left))| {
                    let sole = was
                        .symbol
                        .as_deref()
                        .is_some_and(|s| base_once.contains(s) && head_once.contains(s));
                    from.identity != to.identity
                        && ((*left && came) || was.line == at.line || sole)
                        && same_place(from, was, to, at, *left && came)
                })
                .min_by_key(|(_, (_, was, _))| line_gap(was, at))
                .map(|(n, _)| n);
            if let Some(n) = pick {
                let (from, _, _) = lost.remove(n);
                out.push(Switch {
                    from: from.clone(),
                    to: to.clone(),
                    at: at.clone(),
                });
            }
        }
    }
    out.sort_by(|x, y| {
        (&x.at.file, x.at.line, &x.to.identity, &x.from.identity).cmp(&(
            &y.at.file,
            y.at.line,
            &y.to.identity,
            &y.from.identity,
        ))
    });
    out
}

/// A file's ids, and its (id, source line) pairs: what a side has, looked up
/// by the other side's occurrences.
type Lines<'a> = (HashSet<&'a str>, HashSet<(&'a str, Option<&'a str>)>);

fn lines_of<'a>(uses: &[(&'a Item, &'a Evidence)]) -> Lines<'a> {
    let ids = uses.iter().map(|(i, _)| i.identity.as_str()).collect();
    let lines = uses
        .iter()
        .map(|(i, e)| (i.identity.as_str(), e.context.as_deref()))
        .collect();
    (ids, lines)
}

/// The occurrences of `uses` the other side has on no line reading the same,
/// each with whether the other side lacks its id altogether.
fn unmatched<'a>(
    uses: &[(&'a Item, &'a Evidence)],
    other: &Lines<'_>,
) -> Vec<(&'a Item, &'a Evidence, bool)> {
    let (ids, lines) = other;
    uses.iter()
        .filter(|(i, e)| !lines.contains(&(i.identity.as_str(), e.context.as_deref())))
        .map(|(i, e)| (*i, *e, !ids.contains(i.identity.as_str())))
        .collect()
}

/// The constructs (`symbol`s) a file's occurrences use exactly once.
fn once<'a>(uses: &[(&'a Item, &'a Evidence)]) -> HashSet<&'a str> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for (_, e) in uses {
        if let Some(s) = e.symbol.as_deref() {
            *count.entry(s).or_default() += 1;
        }
    }
    count
        .into_iter()
        .filter_map(|(s, n)| (n == 1).then_some(s))
        .collect()
}

fn line_gap(a: &Evidence, b: &Evidence) -> u32 {
    a.line.unwrap_or(0).abs_diff(b.line.unwrap_or(0))
}

/// Whether `was` (base, of `from`) and `at` (head, of `to`) are one place
/// whose id changed: the same kind and construct, on a source line that reads
/// the same but for one id-shaped stretch. `whole`: `from` left the file and
/// `to` came into it.
fn same_place(from: &Item, was: &Evidence, to: &Item, at: &Evidence, whole: bool) -> bool {
    if from.kind != to.kind || was.symbol != at.symbol {
        return false;
    }
    let (Some(before), Some(after)) = (was.context.as_deref(), at.context.as_deref()) else {
        return false;
    };
    // A bare list element replaced where it stood (nothing above it moved)
    // is one place too: `"gpt-5.4",` → `"gpt-5.5",` at the same line, when
    // one id left the file and the other came. Where both stay in it, a
    // list respelled around its ids (vercel/ai's `'xai/grok-4.3'` →
    // `'spacexai/grok-4.3'`) puts another id at the same line: no switch.
    let in_place = whole && was.line == at.line;
    if before.contains(from.id.as_str()) && before.replacen(&from.id, &to.id, 1) == after {
        return in_place || names_the_place(&before.replacen(&from.id, "", 1));
    }
    edited_token(before, after, in_place).is_some_and(|(was_tok, now_tok)| {
        holds(before, was_tok, &from.id) && holds(after, now_tok, &to.id)
    })
}

/// Whether the edited token of a line is where its id is written, when the
/// line writes it at all: a list line whose third element changed
/// (`["gemini-2.0-flash", "gemini-2.5-flash", "gemini-2.5-pro-05-06"]` →
/// `…-06-05"]`) did not switch its first two. An id the line does not spell
/// out (an SDK constant, `openai.GPT4o`) is judged by the token alone.
fn holds(line: &str, token: &str, id: &str) -> bool {
    !line.contains(id) || token.contains(id)
}

/// Whether what a line holds besides the id says what the id is for (a
/// name, a key, a call). A bare list element (`"gpt-4o",`) does not: one
/// list losing an id and another gaining one is two edits, not one place.
fn names_the_place(rest: &str) -> bool {
    rest.chars().any(char::is_alphanumeric)
}

/// The token each of two lines holds where they differ, when they are
/// equal but for one token (`openai.GPT4o` → `openai.GPT4oMini`):
/// the edited stretch is widened to the whole token on each side (to a
/// space, quote, comma or bracket), it holds none of those, it is not empty
/// on both, and the rest of the line [names the place](names_the_place) or
/// the line stayed `in_place`. Widening keeps a shared tail of two ids
/// (`'xai/grok-4.1-fast-reasoning'` → `'spacexai/grok-4.20-reasoning'`)
/// from reading as a name for the place.
fn edited_token<'l>(a: &'l str, b: &'l str, in_place: bool) -> Option<(&'l str, &'l str)> {
    let boundary = |c: char| c.is_whitespace() || "\"'`,;()[]{}<>=".contains(c);
    let prefix = a
        .char_indices()
        .zip(b.chars())
        .take_while(|((_, x), y)| x == y)
        .last()
        .map_or(0, |((i, x), _)| i + x.len_utf8());
    let suffix = a[prefix..]
        .chars()
        .rev()
        .zip(b[prefix.min(b.len())..].chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum::<usize>();
    // Widen to token boundaries: back to the last boundary before the
    // stretch, on to the first one after it.
    let start = a[..prefix].rfind(boundary).map_or(0, |i| i + 1);
    let tail = |s: &str| s.len() - suffix + s[s.len() - suffix..].find(boundary).unwrap_or(suffix);
    let (a_end, b_end) = (tail(a), tail(b));
    let (a_mid, b_mid) = (&a[start..a_end], &b[start..b_end]);
    let token = |s: &str| !s.chars().any(boundary);
    (a[prefix..a.len() - suffix] != b[prefix.min(b.len())..b.len() - suffix]
        && token(a_mid)
        && token(b_mid)
        && (in_place || names_the_place(&format!("{}{}", &a[..start], &a[a_end..]))))
    .then_some((a_mid, b_mid))
}

#[cfg(test)]
mod tests {
    use super::edited_token;

    fn one_token_apart(a: &str, b: &str, in_place: bool) -> bool {
        edited_token(a, b, in_place).is_some()
    }

    #[test]
    fn one_token_apart_reads_one_edited_stretch() {
        assert!(one_token_apart(
            r#"return os.getenv(NAME, "gpt-4.1").lower()"#,
            r#"return os.getenv(NAME, "gpt-5.4-mini").lower()"#,
            false
        ));
        assert!(one_token_apart(
            "Model: openai.GPT4o,",
            "Model: openai.GPT4oMini,",
            false
        ));
        // Two values changed, or a second argument added: not one place.
        assert!(!one_token_apart(
            r#"pick("gpt-4o", "claude-3")"#,
            r#"pick("gpt-5", "claude-4")"#,
            true
        ));
        assert!(!one_token_apart(
            r#"m("gpt-4o")"#,
            r#"m("gpt-4o", "gpt-5")"#,
            true
        ));
        assert!(!one_token_apart("same", "same", true));
        // A bare list element: nothing says what the id is for, unless it
        // was replaced where it stood.
        assert!(!one_token_apart(r#""gpt-4o","#, r#""o3-mini","#, false));
        assert!(one_token_apart(r#""gpt-4o","#, r#""o3-mini","#, true));
        // Two ids sharing a tail: the tail is the id's, not the place's.
        assert!(!one_token_apart(
            "  | 'xai/grok-4.1-fast-reasoning'",
            "  | 'spacexai/grok-4.20-reasoning'",
            false
        ));
    }
}
