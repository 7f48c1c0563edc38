//! Checks that read the sources, as ordinary tests: the modules of both crates form no import
//! cycle, and the functional core stays pure (no runtime, UI, network, file system, threads,
//! processes or environment, and no dependency outside a short list).
//!
//! A module is a source file (`mod.rs` is its folder's module). Module `a` depends on `b` when
//! `a`'s code names `b`: a `use` of it, a `crate::…`, `super::…` or `self::…` path, or a path that
//! starts with one of `a`'s child modules. Comments and string literals are not code. A name
//! re-exported by a module (`pub use x::Y`) counts as a use of the module that defines it. Test
//! code (`#[cfg(test)]` items) is left out: a test may build its fixtures from anywhere, and it
//! is compiled into no product.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Edges that close a cycle and are known, each with the reason it is still there. Every entry
/// is a debt: remove it with the cycle it names. `(from, to)` are module paths (`"a::b"`).
const KNOWN_CYCLE_EDGES: &[(&str, &str, &str)] = &[];

/// The core's code may not name these crates or standard modules: it is pure.
const IMPURE_IN_CORE: &[&str] = &[
    "tokio",
    "slint",
    "reqwest",
    "std::fs",
    "std::net",
    "std::thread",
    "std::process",
    "std::env",
];

/// The only crates the core may depend on.
const CORE_DEPENDENCIES: &[&str] = &[
    "chrono",
    "chrono-tz",
    "fluent-bundle",
    "icu_calendar",
    "icu_datetime",
    "icu_locale_core",
    "icu_time",
    "serde",
    "unic-langid",
];

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Ident(String),
    PathSep,
    Open(char),
    Close(char),
    Punct(char),
}

/// The tokens of Rust source that matter for paths: identifiers, `::`, brackets and single
/// punctuation. Comments, string, byte-string and character literals and lifetimes are dropped;
/// numbers become punctuation.
fn tokens(source: &str) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == '"' {
            i = skip_string(&chars, i + 1);
        } else if (c == 'r' || (c == 'b' && at(i + 1) == 'r'))
            && matches!(at(i + usize::from(c == 'b') + 1), '"' | '#')
            && raw_string_start(&chars, i + usize::from(c == 'b') + 1).is_some()
        {
            let start = i + usize::from(c == 'b') + 1;
            let (hashes, body) = raw_string_start(&chars, start).unwrap_or((0, start));
            i = body;
            loop {
                if i >= chars.len() {
                    break;
                }
                if chars[i] == '"' && (1..=hashes).all(|k| at(i + k) == '#') {
                    i += hashes + 1;
                    break;
                }
                i += 1;
            }
        } else if c == 'b' && at(i + 1) == '"' {
            i = skip_string(&chars, i + 2);
        } else if c == 'b' && at(i + 1) == '\'' {
            i = skip_char(&chars, i + 1);
        } else if c == '\'' {
            if at(i + 1) == '\\' || at(i + 2) == '\'' {
                i = skip_char(&chars, i);
            } else {
                // A lifetime or a label: its name is not a path.
                i += 1;
                while at(i).is_alphanumeric() || at(i) == '_' {
                    i += 1;
                }
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while at(i).is_alphanumeric() || at(i) == '_' {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            out.push(Token::Ident(word.trim_start_matches("r#").to_owned()));
        } else if c.is_ascii_digit() {
            while at(i).is_alphanumeric()
                || at(i) == '_'
                || (at(i) == '.' && at(i + 1).is_ascii_digit())
            {
                i += 1;
            }
            out.push(Token::Punct('0'));
        } else if c == ':' && at(i + 1) == ':' {
            out.push(Token::PathSep);
            i += 2;
        } else if matches!(c, '{' | '(' | '[') {
            out.push(Token::Open(c));
            i += 1;
        } else if matches!(c, '}' | ')' | ']') {
            out.push(Token::Close(c));
            i += 1;
        } else {
            if !c.is_whitespace() {
                out.push(Token::Punct(c));
            }
            i += 1;
        }
    }
    out
}

/// Past the end of a string whose body starts at `i`.
fn skip_string(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '"' => return i + 1,
            _ => i += 1,
        }
    }
    i
}

/// Past the end of a character literal whose opening quote is at `i`.
fn skip_char(chars: &[char], mut i: usize) -> usize {
    i += 1;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '\'' => return i + 1,
            _ => i += 1,
        }
    }
    i
}

/// For a raw string whose `#`s or quote start at `i`: how many `#`s, and where the body starts.
fn raw_string_start(chars: &[char], i: usize) -> Option<(usize, usize)> {
    let hashes = chars[i..].iter().take_while(|c| **c == '#').count();
    (chars.get(i + hashes) == Some(&'"')).then_some((hashes, i + hashes + 1))
}

/// A path named in code, with where it was found.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Named {
    /// The inline modules (`mod tests { … }`) around it, outermost first.
    inline: Vec<String>,
    segments: Vec<String>,
    /// Inside a `#[cfg(test)]` item.
    test: bool,
    /// A `pub use` at the module's top level: (the name it is exported as).
    export: Option<String>,
}

/// Every path of two or more segments (or a `use` tree) in the source, with `use` trees
/// expanded (`a::{b, c::d}` is `a::b` and `a::c::d`; `a::{self}` is `a`).
fn paths(source: &str) -> Vec<Named> {
    let toks = tokens(source);
    let mut out = Vec::new();
    // The open brackets: for each, the inline module it opens, if any, and whether it is test code.
    let mut stack: Vec<(Option<String>, bool)> = Vec::new();
    let mut pending_test = false;
    let mut pending_mod: Option<String> = None;
    let mut i = 0;
    while i < toks.len() {
        let test = stack.iter().any(|(_, t)| *t);
        let inline: Vec<String> = stack.iter().filter_map(|(m, _)| m.clone()).collect();
        match &toks[i] {
            Token::Punct('#') => {
                if matches!(toks.get(i + 1), Some(Token::Open('[')))
                    && toks.get(i + 2) == Some(&Token::Ident("cfg".into()))
                    && toks.get(i + 3) == Some(&Token::Open('('))
                    && toks.get(i + 4) == Some(&Token::Ident("test".into()))
                    && toks.get(i + 5) == Some(&Token::Close(')'))
                {
                    pending_test = true;
                }
                i += 1;
            }
            Token::Open(c) => {
                let module = if *c == '{' { pending_mod.take() } else { None };
                let opens_test = *c == '{' && pending_test;
                if *c == '{' {
                    pending_test = false;
                }
                stack.push((module, opens_test));
                i += 1;
            }
            Token::Close(_) => {
                stack.pop();
                i += 1;
            }
            Token::Punct(';') => {
                pending_test = false;
                pending_mod = None;
                i += 1;
            }
            Token::Ident(word) if word == "mod" => {
                if let Some(Token::Ident(name)) = toks.get(i + 1) {
                    pending_mod = Some(name.clone());
                }
                i += 2;
            }
            Token::Ident(word) if word == "use" => {
                let export = stack.is_empty() && i > 0 && toks[i - 1] == Token::Ident("pub".into());
                let mut found = Vec::new();
                i = use_tree(&toks, i + 1, Vec::new(), &mut found);
                for (segments, alias) in found {
                    out.push(Named {
                        inline: inline.clone(),
                        export: if export { alias } else { None },
                        segments,
                        test: test || pending_test,
                    });
                }
            }
            Token::Ident(first) => {
                let after_path_sep = i > 0 && toks[i - 1] == Token::PathSep;
                if !after_path_sep && toks.get(i + 1) == Some(&Token::PathSep) {
                    let mut segments = vec![first.clone()];
                    let mut j = i + 1;
                    while toks.get(j) == Some(&Token::PathSep) {
                        match toks.get(j + 1) {
                            Some(Token::Ident(next)) => {
                                segments.push(next.clone());
                                j += 2;
                            }
                            _ => break,
                        }
                    }
                    out.push(Named {
                        inline: inline.clone(),
                        segments,
                        test: test || pending_test,
                        export: None,
                    });
                    i = j;
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    out
}

/// Reads the `use` tree starting at `i` under `prefix`; pushes each leaf path with the name it
/// is bound to. Returns the index after the tree.
fn use_tree(
    toks: &[Token],
    mut i: usize,
    mut prefix: Vec<String>,
    found: &mut Vec<(Vec<String>, Option<String>)>,
) -> usize {
    if toks.get(i) == Some(&Token::PathSep) {
        i += 1;
    }
    loop {
        match toks.get(i) {
            Some(Token::Ident(word)) if word == "self" && !prefix.is_empty() => {
                let alias = prefix.last().cloned();
                found.push((prefix.clone(), alias));
                return alias_end(toks, i + 1, found);
            }
            Some(Token::Ident(word)) => {
                prefix.push(word.clone());
                i += 1;
                if toks.get(i) == Some(&Token::PathSep) {
                    i += 1;
                    continue;
                }
                let alias = prefix.last().cloned();
                found.push((prefix, alias));
                return alias_end(toks, i, found);
            }
            Some(Token::Punct('*')) => {
                found.push((prefix, None));
                return i + 1;
            }
            Some(Token::Open('{')) => {
                i += 1;
                loop {
                    match toks.get(i) {
                        Some(Token::Close('}')) => return i + 1,
                        Some(Token::Punct(',')) => i += 1,
                        None => return i,
                        _ => i = use_tree(toks, i, prefix.clone(), found),
                    }
                }
            }
            _ => return i,
        }
    }
}

/// After a use leaf: skips `as name`, renaming the last leaf found.
fn alias_end(toks: &[Token], i: usize, found: &mut [(Vec<String>, Option<String>)]) -> usize {
    if toks.get(i) == Some(&Token::Ident("as".into())) {
        if let (Some(Token::Ident(alias)), Some(last)) = (toks.get(i + 1), found.last_mut()) {
            last.1 = Some(alias.clone());
        }
        return i + 2;
    }
    i
}

/// One crate's modules and the paths each names.
struct Modules {
    /// Module path (`""` for the crate root, `"a::b"`) → what it names.
    named: BTreeMap<String, Vec<Named>>,
}

/// The module path of a source file under `src`: `lib.rs` is the root, `a/mod.rs` and `a.rs`
/// are `a`, `a/b.rs` is `a::b`.
fn module_path(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?.with_extension("");
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    Some(parts.join("::"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The library modules under `src` (binaries' roots, `main.rs`, are crates of their own).
fn read_modules(src: &Path) -> Modules {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut named = BTreeMap::new();
    for file in files {
        if file == src.join("main.rs") {
            continue;
        }
        let Some(module) = module_path(src, &file) else {
            continue;
        };
        let source =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        named.insert(module, paths(&source));
    }
    Modules { named }
}

fn join(parts: &[String]) -> String {
    parts.join("::")
}

fn split(module: &str) -> Vec<String> {
    if module.is_empty() {
        Vec::new()
    } else {
        module.split("::").map(str::to_owned).collect()
    }
}

impl Modules {
    /// The module a path leads to, from `module` (with its inline modules `inline`), following
    /// re-exports; `None` for other crates and the module itself.
    fn target(&self, module: &str, inline: &[String], segments: &[String]) -> Option<String> {
        let here: Vec<String> = split(module)
            .into_iter()
            .chain(inline.iter().cloned())
            .collect();
        let first = segments.first()?;
        let (mut absolute, rest) = match first.as_str() {
            "crate" => (Vec::new(), &segments[1..]),
            "self" => (here.clone(), &segments[1..]),
            "super" => {
                let mut base = here.clone();
                let mut rest = segments;
                while rest.first().is_some_and(|s| s == "super") {
                    base.pop();
                    rest = &rest[1..];
                }
                (base, rest)
            }
            name => {
                let mut child = split(module);
                child.push(name.to_owned());
                if inline.is_empty() && self.named.contains_key(&join(&child)) {
                    (split(module), segments)
                } else {
                    return None;
                }
            }
        };
        absolute.extend(rest.iter().cloned());
        self.resolve(&absolute, 0)
    }

    /// The deepest module on an absolute path, through re-exports.
    fn resolve(&self, absolute: &[String], depth: usize) -> Option<String> {
        let mut known = 0;
        for n in 0..=absolute.len() {
            if self.named.contains_key(&join(&absolute[..n])) {
                known = n;
            }
        }
        let module = join(&absolute[..known]);
        if let Some(name) = absolute.get(known) {
            let export = self
                .named
                .get(&module)
                .into_iter()
                .flatten()
                .find(|p| p.export.as_deref() == Some(name.as_str()) && p.inline.is_empty());
            if let Some(export) = export {
                if depth > 8 {
                    return Some(module);
                }
                let mut through = export.segments.clone();
                through.extend(absolute[known + 1..].iter().cloned());
                let base = self.target_absolute(&module, &through)?;
                return self.resolve(&base, depth + 1);
            }
            if known == 0 {
                // A crate root name that is neither a module nor re-exported here: an
                // extern crate (`pub use roomsign_core as core`) or a macro.
                return None;
            }
        }
        Some(module)
    }

    /// The absolute path of a re-export's source path, seen from `module`.
    fn target_absolute(&self, module: &str, segments: &[String]) -> Option<Vec<String>> {
        let first = segments.first()?;
        let mut base = match first.as_str() {
            "crate" => Vec::new(),
            "self" => split(module),
            "super" => {
                let mut base = split(module);
                base.pop();
                base
            }
            name => {
                let mut child = split(module);
                child.push(name.to_owned());
                if !self.named.contains_key(&join(&child)) {
                    return None;
                }
                let mut base = split(module);
                base.push(name.to_owned());
                base.extend(segments[1..].iter().cloned());
                return Some(base);
            }
        };
        base.extend(segments[1..].iter().cloned());
        Some(base)
    }

    /// Module → the modules its code (tests included when `with_tests`) names.
    fn edges(&self, with_tests: bool) -> BTreeMap<String, BTreeSet<String>> {
        let mut edges = BTreeMap::new();
        for (module, named) in &self.named {
            let out: &mut BTreeSet<String> = edges.entry(module.clone()).or_default();
            for path in named {
                if path.test && !with_tests {
                    continue;
                }
                if let Some(target) = self.target(module, &path.inline, &path.segments) {
                    if &target != module {
                        out.insert(target);
                    }
                }
            }
        }
        edges
    }
}

/// The cycles of a graph, one for each strongly connected part of two or more modules, each as
/// a path that starts and ends at its first module.
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    // Kosaraju: the finishing order forwards, then the parts backwards.
    fn finish(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        seen: &mut BTreeSet<String>,
        order: &mut Vec<String>,
    ) {
        if !seen.insert(node.to_owned()) {
            return;
        }
        for next in edges.get(node).into_iter().flatten() {
            finish(next, edges, seen, order);
        }
        order.push(node.to_owned());
    }
    let mut reverse: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, tos) in edges {
        for to in tos {
            reverse.entry(to.clone()).or_default().insert(from.clone());
        }
    }
    let mut seen = BTreeSet::new();
    let mut order = Vec::new();
    for node in edges.keys() {
        finish(node, edges, &mut seen, &mut order);
    }
    let mut assigned = BTreeSet::new();
    let mut out = Vec::new();
    for node in order.iter().rev() {
        if assigned.contains(node) {
            continue;
        }
        let mut part = Vec::new();
        finish(node, &reverse, &mut assigned, &mut part);
        if part.len() > 1 {
            let part: BTreeSet<String> = part.into_iter().collect();
            // One cycle through each module of the part, so that every one is seen.
            for start in &part {
                let cycle = cycle_in(start, &part, edges);
                if !out.iter().any(|c: &Vec<String>| same_cycle(c, &cycle)) {
                    out.push(cycle);
                }
            }
        }
    }
    out.sort();
    out
}

/// Whether two cycles (first module repeated at the end) are the same, started elsewhere.
fn same_cycle(a: &[String], b: &[String]) -> bool {
    let (a, b) = (
        &a[..a.len().saturating_sub(1)],
        &b[..b.len().saturating_sub(1)],
    );
    a.len() == b.len() && (0..a.len()).any(|k| a.iter().cycle().skip(k).take(a.len()).eq(b.iter()))
}

/// A shortest cycle through `start` inside its strongly connected part.
fn cycle_in(
    start: &String,
    part: &BTreeSet<String>,
    edges: &BTreeMap<String, BTreeSet<String>>,
) -> Vec<String> {
    let mut previous: BTreeMap<String, String> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start.clone()]);
    while let Some(node) = queue.pop_front() {
        for next in edges.get(&node).into_iter().flatten() {
            if !part.contains(next) {
                continue;
            }
            if next == start {
                let mut path = vec![start.clone()];
                let mut at = node.clone();
                while &at != start {
                    path.push(at.clone());
                    at = previous[&at].clone();
                }
                path.push(start.clone());
                path.reverse();
                return path;
            }
            if !previous.contains_key(next) {
                previous.insert(next.clone(), node.clone());
                queue.push_back(next.clone());
            }
        }
    }
    vec![start.clone()]
}

fn shown(module: &str) -> &str {
    if module.is_empty() {
        "(crate root)"
    } else {
        module
    }
}

/// The cycles left once the known edges are taken out, in words; and the known edges that no
/// longer close a cycle (or no longer exist), which should leave the list.
fn check_cycles(
    name: &str,
    modules: &Modules,
    known: &[(&str, &str, &str)],
) -> (Vec<String>, Vec<String>) {
    let mut edges = modules.edges(false);
    let mut stale = Vec::new();
    for (from, to, _) in known {
        let removed = edges.get_mut(*from).is_some_and(|tos| tos.remove(*to));
        if !removed {
            stale.push(format!("{name}: {from} -> {to} is no longer an edge"));
        }
    }
    let found = cycles(&edges)
        .into_iter()
        .map(|c| {
            let c: Vec<&str> = c.iter().map(|m| shown(m)).collect();
            format!("{name}: {}", c.join(" -> "))
        })
        .collect();
    (found, stale)
}

/// The places the core names something impure: `file: path`.
fn impure_names(modules: &Modules) -> Vec<String> {
    let mut out = Vec::new();
    for (module, named) in &modules.named {
        for path in named {
            let joined = join(&path.segments);
            let bad = IMPURE_IN_CORE.iter().find(|bad| {
                path.segments.first().is_some_and(|s| s == *bad)
                    || joined == **bad
                    || joined.starts_with(&format!("{bad}::"))
            });
            if let Some(bad) = bad {
                out.push(format!("{}: {joined} ({bad})", shown(module)));
            }
        }
    }
    out
}

/// The dependencies a Cargo.toml names outside `allowed` (build- and dev-dependencies aside).
fn unlisted_dependencies(manifest: &str, allowed: &[&str]) -> Result<Vec<String>, String> {
    let table: toml::Table = manifest.parse().map_err(|e| format!("{e}"))?;
    let mut sections = Vec::new();
    if let Some(deps) = table.get("dependencies") {
        sections.push(deps.clone());
    }
    if let Some(toml::Value::Table(targets)) = table.get("target") {
        for target in targets.values() {
            if let Some(deps) = target.get("dependencies") {
                sections.push(deps.clone());
            }
        }
    }
    let mut out = Vec::new();
    for section in sections {
        let toml::Value::Table(deps) = section else {
            return Err("[dependencies] is not a table".to_owned());
        };
        for (name, spec) in deps {
            // A renamed dependency is the package it names.
            let package = spec
                .get("package")
                .and_then(|p| p.as_str())
                .unwrap_or(name.as_str());
            if !allowed.contains(&package) {
                out.push(package.to_owned());
            }
        }
    }
    Ok(out)
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn no_import_cycles() {
    let root = manifest_dir();
    let mut found = Vec::new();
    let mut stale = Vec::new();
    for (name, src, known) in [
        ("roomsign", root.join("src"), KNOWN_CYCLE_EDGES),
        ("roomsign-core", root.join("crates/core/src"), &[][..]),
    ] {
        let modules = read_modules(&src);
        assert!(
            modules.named.len() > 5,
            "{name}: too few modules found in {}",
            src.display()
        );
        let (cycles, gone) = check_cycles(name, &modules, known);
        found.extend(cycles);
        stale.extend(gone);
    }
    assert!(
        found.is_empty(),
        "import cycles between modules (a module here is a file; break each cycle by moving \
         what both sides need into a module of its own):\n{}",
        found.join("\n")
    );
    assert!(
        stale.is_empty(),
        "known cycle edges that are gone; take them out of KNOWN_CYCLE_EDGES:\n{}",
        stale.join("\n")
    );
}

/// The graph with every module taken as its folder `depth` levels down (`microsoft::identity`
/// for `microsoft::identity::oauth` at depth 2; `microsoft` at depth 1), edges inside one
/// folder left out.
fn folder_edges(
    edges: &BTreeMap<String, BTreeSet<String>>,
    depth: usize,
) -> BTreeMap<String, BTreeSet<String>> {
    let folder = |m: &str| -> String {
        let parts = split(m);
        join(&parts[..parts.len().min(depth)])
    };
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, tos) in edges {
        let f = folder(from);
        let entry = out.entry(f.clone()).or_default();
        for to in tos {
            let t = folder(to);
            // The crate root declares every layer; a layer naming the root is no layer edge.
            if t != f && !f.is_empty() && !t.is_empty() {
                entry.insert(t);
            }
        }
    }
    out
}

#[test]
fn no_cycles_between_layers() {
    // The layers are the folders (`app`, `ui`, `engine`, `calendar`, `microsoft`, `device`) and
    // the leaf files beside them; one level down, `microsoft::client` and
    // `microsoft::identity` are layers of their own, and so on.
    let modules = read_modules(&manifest_dir().join("src"));
    let edges = modules.edges(false);
    let mut found = Vec::new();
    for depth in [1, 2] {
        for cycle in cycles(&folder_edges(&edges, depth)) {
            found.push(format!("depth {depth}: {}", cycle.join(" -> ")));
        }
    }
    assert!(
        found.is_empty(),
        "cycles between folders (a lower layer must not name a higher one):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_core_is_pure() {
    let modules = read_modules(&manifest_dir().join("crates/core/src"));
    assert!(modules.named.len() > 5);
    let found = impure_names(&modules);
    assert!(
        found.is_empty(),
        "the functional core does no I/O, spawns nothing and reads no environment:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_core_depends_on_pure_crates_only() {
    let path = manifest_dir().join("crates/core/Cargo.toml");
    let manifest =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let extra = unlisted_dependencies(&manifest, CORE_DEPENDENCIES);
    assert_eq!(
        extra,
        Ok(Vec::new()),
        "crates/core depends only on {CORE_DEPENDENCIES:?}: pure code needs nothing more"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn modules(files: &[(&str, &str)]) -> Modules {
        Modules {
            named: files
                .iter()
                .map(|(m, s)| ((*m).to_owned(), paths(s)))
                .collect(),
        }
    }

    fn targets(m: &Modules, module: &str) -> Vec<String> {
        m.edges(false)[module].iter().cloned().collect()
    }

    #[test]
    fn use_trees_expand_to_every_leaf() {
        let found: Vec<String> = paths("use crate::a::{self, b::{c, d as e}, f::*};")
            .into_iter()
            .map(|p| join(&p.segments))
            .collect();
        assert_eq!(
            found,
            [
                "crate::a",
                "crate::a::b::c",
                "crate::a::b::d",
                "crate::a::f"
            ]
        );
    }

    #[test]
    fn comments_strings_and_lifetimes_are_not_code() {
        let source = r##"
            // crate::a::x
            /* crate::b::x /* nested */ crate::c::x */
            /// [`crate::d`]
            fn f<'a>(s: &'a str) -> char { let _ = "crate::e::x"; let _ = r#"crate::f"#; 'x' }
            const C: char = '\''; fn g() { crate::g::h(); }
        "##;
        let found: Vec<String> = paths(source)
            .into_iter()
            .map(|p| join(&p.segments))
            .collect();
        assert_eq!(found, ["crate::g::h"]);
    }

    #[test]
    fn paths_resolve_to_files_through_super_children_and_reexports() {
        let m = modules(&[
            ("", "pub mod a; pub mod b; pub use b::inner::Thing;"),
            (
                "a",
                "mod child; fn f() { child::go(); super::b::go(); let _ = crate::Thing; }",
            ),
            ("a::child", "use super::super::b; fn f() { self::g(); }"),
            ("b", "pub mod inner;"),
            ("b::inner", "pub struct Thing; $crate::a::child::go();"),
        ]);
        assert_eq!(targets(&m, "a"), ["a::child", "b", "b::inner"]);
        assert_eq!(targets(&m, "a::child"), ["b"]);
        assert_eq!(targets(&m, "b::inner"), ["a::child"]);
        assert!(targets(&m, "").contains(&"b::inner".to_owned()));
    }

    #[test]
    fn a_cycle_is_found_and_named_and_a_known_edge_silences_it() {
        let m = modules(&[
            ("", "mod a; mod b; mod c;"),
            ("a", "use crate::b::X;"),
            ("b", "fn f() { crate::c::g() }"),
            ("c", "use crate::a;"),
        ]);
        let (found, stale) = check_cycles("demo", &m, &[]);
        assert_eq!(found, ["demo: a -> b -> c -> a"]);
        assert!(stale.is_empty());
        let mut two = m.named.clone();
        two.insert(
            "b".to_owned(),
            paths("fn f() { crate::c::g(); crate::a::h(); }"),
        );
        let (found, stale) = check_cycles("demo", &Modules { named: two }, &[]);
        assert_eq!(found, ["demo: a -> b -> a", "demo: c -> a -> b -> c"]);
        assert!(stale.is_empty());
        let (found, stale) = check_cycles("demo", &m, &[("c", "a", "reason")]);
        assert!(found.is_empty() && stale.is_empty());
        let (_, stale) = check_cycles("demo", &m, &[("a", "c", "reason")]);
        assert_eq!(stale, ["demo: a -> c is no longer an edge"]);
    }

    #[test]
    fn test_code_does_not_make_a_cycle() {
        let m = modules(&[
            ("", "mod a; mod b;"),
            ("a", "use crate::b::X;"),
            ("b", "#[cfg(test)] mod tests { use crate::a; }"),
        ]);
        assert!(check_cycles("demo", &m, &[]).0.is_empty());
    }

    #[test]
    fn impure_names_in_the_core_are_found() {
        let m = modules(&[
            ("", "mod a;"),
            (
                "a",
                "use std::{fs, collections::BTreeMap}; fn f() { tokio::spawn(g()); }",
            ),
        ]);
        assert_eq!(
            impure_names(&m),
            ["a: std::fs (std::fs)", "a: tokio::spawn (tokio)"]
        );
        let pure = modules(&[("", "use std::fmt; // tokio")]);
        assert!(impure_names(&pure).is_empty());
    }

    #[test]
    fn dependencies_outside_the_list_are_named() {
        let manifest = r#"
            [dependencies]
            chrono = "0.4"
            time = { package = "tokio", version = "1" }
            [target.'cfg(unix)'.dependencies]
            libc = "0.2"
            [dev-dependencies]
            proptest = "1"
        "#;
        assert_eq!(
            unlisted_dependencies(manifest, CORE_DEPENDENCIES),
            Ok(vec!["tokio".to_owned(), "libc".to_owned()])
        );
    }
}
