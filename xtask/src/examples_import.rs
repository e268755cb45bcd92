//! `cargo xtask examples import DIR`: the validating proxy's recordings (`mock-server proxy --record
//! DIR`) become named `service-…` examples on the responses of the spec they illustrate, for review.
//!
//! Each JSON answer is redacted again (names that carry credentials), compared with the examples the
//! response already has and with the others of the run (identical bodies are imported once), checked
//! against the response's schema (a body that breaks it is drift to fix in the spec first, not an
//! example), and named `service-<operation>-<hash>` after its content, so importing twice adds nothing.
//! The YAML file is edited as text: the new entries go at the end of the media type's `examples` map (or
//! into a new one), and every other line, comments and layout included, stays as it was. A JSON spec is
//! written back whole (JSON keeps no comments to lose). Afterwards the spec is linted; when that finds
//! more errors than before, the file is put back.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use heck::ToKebabCase;
use serde_json::Value;
use spec_support::locate::yaml_span;
use spec_support::segment;

use crate::apis::Api;

/// The recordings' format tag (the proxy's `RECORDING_FORMAT`).
const FORMAT: &str = "service-recording/1";

/// One recording, the parts the import reads.
#[derive(Debug, Clone)]
pub struct Recording {
    /// The file it came from, for messages.
    pub file: String,
    pub api: String,
    pub operation: String,
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Value,
}

/// What an import did.
#[derive(Debug, Default)]
pub struct Imported {
    /// `(spec file, example name, JSON pointer of the example)`.
    pub added: Vec<(String, String, String)>,
    /// `(recording file, why it was not imported)`.
    pub skipped: Vec<(String, String)>,
}

/// Imports every recording of `dir` into the specs of `apis`.
pub fn import(root: &Path, apis: &[Api], dir: &Path) -> Result<Imported> {
    let mut imported = Imported::default();
    let recordings = read_dir(dir, &mut imported)?;
    let mut by_spec: BTreeMap<String, Vec<Recording>> = BTreeMap::new();
    for recording in recordings {
        match apis
            .iter()
            .find(|api| api.name == recording.api || api.mount == recording.api)
        {
            Some(api) => by_spec.entry(api.spec.clone()).or_default().push(recording),
            None => imported.skipped.push((
                recording.file.clone(),
                format!("no API `{}` in apis.toml", recording.api),
            )),
        }
    }
    for (file, recordings) in by_spec {
        let path = root.join(&file);
        let text = std::fs::read_to_string(&path).with_context(|| format!("reading {file}"))?;
        let errors_before = lint_errors(root, &file)?;
        let edited = import_into(&file, &text, &recordings, &mut imported)?;
        if edited == text {
            continue;
        }
        std::fs::write(&path, &edited).with_context(|| format!("writing {file}"))?;
        let errors_after = lint_errors(root, &file)?;
        if errors_after > errors_before {
            std::fs::write(&path, &text).with_context(|| format!("restoring {file}"))?;
            bail!("{file}: the imported examples fail the lint ({errors_after} errors, {errors_before} before); the file is restored. Run `cargo xtask lint` on a copy to see why");
        }
    }
    Ok(imported)
}

/// The recordings of a directory, in file-name order (the proxy numbers them).
fn read_dir(dir: &Path, imported: &mut Imported) -> Result<Vec<Recording>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut recordings = Vec::new();
    for path in files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(&path).with_context(|| format!("reading {name}"))?;
        match parse(&name, &text) {
            Ok(recording) => recordings.push(recording),
            Err(reason) => imported.skipped.push((name, reason)),
        }
    }
    Ok(recordings)
}

/// Reads one recording file.
pub fn parse(file: &str, text: &str) -> Result<Recording, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    if value.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(format!(
            "not a recording of the validating proxy ({FORMAT})"
        ));
    }
    let text_of = |pointer: &str| {
        value
            .pointer(pointer)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    Ok(Recording {
        file: file.to_owned(),
        api: text_of("/api").ok_or("no `api`")?,
        operation: text_of("/operation").ok_or("no `operation`")?,
        status: value
            .pointer("/response/status")
            .and_then(Value::as_u64)
            .and_then(|s| u16::try_from(s).ok())
            .ok_or("no `response.status`")?,
        content_type: text_of("/response/content_type"),
        body: value
            .pointer("/response/body")
            .cloned()
            .unwrap_or(Value::Null),
    })
}

/// `text` (the spec `file`) with the recordings' answers added as examples.
pub fn import_into(
    file: &str,
    text: &str,
    recordings: &[Recording],
    imported: &mut Imported,
) -> Result<String> {
    let json = file.ends_with(".json");
    let mut text = text.to_owned();
    for recording in recordings {
        let raw: Value = if json {
            serde_json::from_str(&text).with_context(|| format!("{file}: not JSON"))?
        } else {
            serde_yaml_ng::from_str(&text).with_context(|| format!("{file}: not YAML"))?
        };
        let target = match target(&raw, recording) {
            Ok(target) => target,
            Err(reason) => {
                imported.skipped.push((recording.file.clone(), reason));
                continue;
            }
        };
        let mut value = recording.body.clone();
        spec_support::secrets::redact(&mut value, &[]);
        if let Some(schema) = &target.schema {
            if let Err(reason) = check(&raw, schema, &value) {
                imported.skipped.push((
                    recording.file.clone(),
                    format!("the body breaks the schema of {} ({reason}): drift to fix in the spec first, see the proxy's report", target.media),
                ));
                continue;
            }
        }
        let media = raw.pointer(&target.media).unwrap_or(&Value::Null);
        let existing = media.get("examples").and_then(Value::as_object);
        let duplicate = existing
            .into_iter()
            .flatten()
            .any(|(_, example)| spec_support::resolve(&raw, example).get("value") == Some(&value));
        if duplicate {
            imported.skipped.push((
                recording.file.clone(),
                format!("{} already has this body as an example", target.media),
            ));
            continue;
        }
        let name = format!(
            "service-{}-{}",
            recording.operation.to_kebab_case(),
            short_hash(&value)
        );
        let summary = format!(
            "Recorded from the service (HTTP {}) by the validating proxy.",
            recording.status
        );
        text = if json {
            insert_json(&raw, &target.media, &name, &summary, &value)?
        } else {
            match insert_yaml(&text, &target.media, &name, &summary, &value) {
                Ok(text) => text,
                Err(reason) => {
                    imported.skipped.push((recording.file.clone(), reason));
                    continue;
                }
            }
        };
        imported.added.push((
            file.to_owned(),
            name.clone(),
            format!("{}/examples/{}", target.media, segment(&name)),
        ));
    }
    Ok(text)
}

/// Where an answer goes: the response's media type, and its schema.
struct Target {
    media: String,
    schema: Option<Value>,
}

fn target(raw: &Value, recording: &Recording) -> Result<Target, String> {
    if !recording.body.is_object() && !recording.body.is_array() {
        return Err("no JSON body to import".to_owned());
    }
    let ids = spec_support::operation_ids(raw);
    let (path, method) = ids
        .iter()
        .find(|(_, id)| **id == recording.operation)
        .map(|(key, _)| key.clone())
        .ok_or_else(|| format!("no operation `{}` in the spec", recording.operation))?;
    let responses = format!("/paths/{}/{method}/responses", segment(&path));
    let status = recording.status;
    let key = [
        status.to_string(),
        format!("{}XX", status / 100),
        "default".to_owned(),
    ]
    .into_iter()
    .find(|key| raw.pointer(&format!("{responses}/{key}")).is_some())
    .ok_or_else(|| {
        format!(
            "the spec documents no {status} answer for `{}`",
            recording.operation
        )
    })?;
    let mut response = format!("{responses}/{key}");
    // A response given by `$ref`: its examples go on the component.
    if let Some(reference) = raw
        .pointer(&response)
        .and_then(|r| r.get("$ref"))
        .and_then(Value::as_str)
    {
        response = reference.trim_start_matches('#').to_owned();
    }
    let content = raw
        .pointer(&format!("{response}/content"))
        .and_then(Value::as_object)
        .ok_or_else(|| {
            format!(
                "the {status} answer of `{}` documents no body",
                recording.operation
            )
        })?;
    let received = recording
        .content_type
        .as_deref()
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let main = received.split('/').next().unwrap_or_default();
    let media_type = [received.clone(), format!("{main}/*"), "*/*".to_owned()]
        .into_iter()
        .find_map(|wanted| {
            content.keys().find(|k| {
                k.split(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .eq_ignore_ascii_case(&wanted)
            })
        })
        .ok_or_else(|| {
            format!(
                "the {status} answer of `{}` documents no {received} body",
                recording.operation
            )
        })?;
    let media = format!("{response}/content/{}", segment(media_type));
    if content[media_type].get("example").is_some() {
        return Err(format!(
            "{media} has an `example`; OpenAPI allows `examples` only beside none"
        ));
    }
    Ok(Target {
        schema: content[media_type].get("schema").cloned(),
        media,
    })
}

/// Checks an example against its schema as the lint does (JSON Schema draft 4, OpenAPI's `nullable`).
fn check(raw: &Value, schema: &Value, value: &Value) -> Result<(), String> {
    let components = raw.get("components").cloned().unwrap_or(Value::Null);
    let document = spec_support::json_schema::with_components(schema, &components);
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&document)
        .map_err(|e| e.to_string())?;
    let first = validator
        .iter_errors(value)
        .next()
        .map(|error| format!("{}: {error}", error.instance_path()));
    match first {
        None => Ok(()),
        Some(reason) => Err(reason),
    }
}

/// Eight hex digits of FNV-1a over the value's canonical JSON (keys sorted): stable across runs and
/// platforms, so the same body gets the same name.
fn short_hash(value: &Value) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in canonical(value).bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", hash >> 32)
}

fn canonical(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let members: Vec<String> = keys
                .into_iter()
                .map(|k| format!("{}:{}", Value::String(k.clone()), canonical(&map[k])))
                .collect();
            format!("{{{}}}", members.join(","))
        }
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(canonical).collect::<Vec<_>>().join(",")
        ),
        other => other.to_string(),
    }
}

/// Inserts one named example into the media type at `media` of YAML `text`.
fn insert_yaml(
    text: &str,
    media: &str,
    name: &str,
    summary: &str,
    value: &Value,
) -> Result<String, String> {
    let lines: Vec<&str> = text.lines().collect();
    let indent_of = |line: usize| lines[line - 1].len() - lines[line - 1].trim_start().len();
    let examples = format!("{media}/examples");
    let (after, column, header) = match yaml_span(text, &examples) {
        Some(span) if span.last > span.first => (span.last, indent_of(span.first + 1), None),
        Some(_) => {
            return Err(format!(
                "{examples} is not a block map; add the example by hand"
            ))
        }
        None => {
            let span = yaml_span(text, media)
                .filter(|span| span.last > span.first)
                .ok_or_else(|| {
                    format!("{media} is not a block map in the text; add the example by hand")
                })?;
            let column = indent_of(span.first + 1);
            (
                span.last,
                column + 2,
                Some(format!("{}examples:", " ".repeat(column))),
            )
        }
    };
    let pad = |n: usize| " ".repeat(n);
    let mut block: Vec<String> = header.into_iter().collect();
    block.push(format!("{}{}:", pad(column), yaml_key(name)));
    block.push(format!(
        "{}summary: {}",
        pad(column + 2),
        yaml_scalar(summary)
    ));
    if let Some(scalar) = inline(value) {
        block.push(format!("{}value: {scalar}", pad(column + 2)));
    } else {
        block.push(format!("{}value:", pad(column + 2)));
        block.extend(yaml_lines(value, column + 4));
    }
    let mut out: Vec<String> = lines[..after].iter().map(|l| (*l).to_owned()).collect();
    out.extend(block);
    out.extend(lines[after..].iter().map(|l| (*l).to_owned()));
    let mut edited = out.join("\n");
    if text.ends_with('\n') {
        edited.push('\n');
    }
    // The text edit must say what was meant: the example, at its place, with its value.
    let reread: Value =
        serde_yaml_ng::from_str(&edited).map_err(|e| format!("the edit broke the YAML: {e}"))?;
    let placed = format!("{examples}/{}/value", segment(name));
    if reread.pointer(&placed) != Some(value) {
        return Err(format!(
            "the edit did not land at {placed}; add the example by hand"
        ));
    }
    Ok(edited)
}

/// A JSON spec with the example added, written back whole.
fn insert_json(
    raw: &Value,
    media: &str,
    name: &str,
    summary: &str,
    value: &Value,
) -> Result<String> {
    let mut raw = raw.clone();
    let holder = raw
        .pointer_mut(media)
        .and_then(Value::as_object_mut)
        .context("the media type is not an object")?;
    let examples = holder
        .entry("examples")
        .or_insert_with(|| Value::Object(serde_json::Map::new()))
        .as_object_mut()
        .context("`examples` is not an object")?;
    examples.insert(
        name.to_owned(),
        serde_json::json!({ "summary": summary, "value": value }),
    );
    Ok(serde_json::to_string_pretty(&raw)? + "\n")
}

/// A mapping key as YAML writes it.
fn yaml_key(name: &str) -> String {
    yaml_scalar(name)
}

/// A value written on one line: a scalar, or an empty map or list; `None` for the others.
fn inline(value: &Value) -> Option<String> {
    match value {
        Value::Object(map) if map.is_empty() => Some("{}".to_owned()),
        Value::Array(items) if items.is_empty() => Some("[]".to_owned()),
        Value::Object(_) | Value::Array(_) => None,
        Value::String(text) => Some(yaml_scalar(text)),
        other => Some(other.to_string()),
    }
}

/// A map or list in block style, in the house style of the specs (two-space steps, `- ` items).
fn yaml_lines(value: &Value, indent: usize) -> Vec<String> {
    let pad = " ".repeat(indent);
    let mut lines = Vec::new();
    match value {
        Value::Object(map) => {
            for (key, member) in map {
                match inline(member) {
                    Some(scalar) => lines.push(format!("{pad}{}: {scalar}", yaml_key(key))),
                    None => {
                        lines.push(format!("{pad}{}:", yaml_key(key)));
                        lines.extend(yaml_lines(member, indent + 2));
                    }
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                match inline(item) {
                    Some(scalar) => lines.push(format!("{pad}- {scalar}")),
                    None => {
                        // The item's first line carries the dash in place of two of its spaces.
                        let mut nested = yaml_lines(item, indent + 2);
                        if let Some(first) = nested.first_mut() {
                            *first = format!("{pad}- {}", &first[indent + 2..]);
                        }
                        lines.extend(nested);
                    }
                }
            }
        }
        other => lines.extend(inline(other).map(|scalar| format!("{pad}{scalar}"))),
    }
    lines
}

/// A string scalar: plain when every YAML reader (1.1 as well as 1.2) reads it back as that string,
/// else quoted. `2020-09-27 08:13:01`, `yes`, `0012` and `1:20` are not plain-safe in YAML 1.1,
/// which other spec tools (openapi-spec-validator) read with.
fn yaml_scalar(text: &str) -> String {
    const WORDS: [&str; 11] = [
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "<<",
    ];
    let plain = text.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && text.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, ' ' | '_' | '-' | '.' | '/' | '@' | '+' | '(' | ')' | ',')
        })
        && !text.ends_with(' ')
        && !WORDS.contains(&text.to_ascii_lowercase().as_str());
    if plain {
        text.to_owned()
    } else if text.chars().any(char::is_control) {
        // JSON's escapes are YAML's double-quoted escapes.
        Value::String(text.to_owned()).to_string()
    } else {
        format!("'{}'", text.replace('\'', "''"))
    }
}

/// The lint's error count for a spec file (model findings and lint findings, as `cargo xtask lint`).
fn lint_errors(root: &Path, file: &str) -> Result<usize> {
    let spec = crate::spec::Spec::load(root, file)?;
    let mut findings = crate::model::build(&spec).1;
    findings.extend(crate::lint::lint(&spec));
    Ok(crate::finding::dedupe(findings)
        .iter()
        .filter(|f| f.is_error())
        .count())
}

/// Prints what an import did.
pub fn report(imported: &Imported) {
    for (file, name, pointer) in &imported.added {
        println!("added   {file}: {name} at {pointer}");
    }
    for (recording, reason) in &imported.skipped {
        println!("skipped {recording}: {reason}");
    }
    println!(
        "{} example(s) added, {} recording(s) skipped. Review with `git diff spec/`, then `cargo test -p workspace-tests --test examples` and `cargo insta review` for their snapshots.",
        imported.added.len(),
        imported.skipped.len()
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SPEC: &str = "\
openapi: 3.0.3
info:
  title: t
  version: '1'
paths:
  /things:
    get:
      operationId: getThings
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Thing'
              # the documented sample
              examples:
                docs-sample:
                  value:
                    id: '1'
        '404':
          description: none
          content:
            application/json:
              schema:
                type: object
                properties:
                  message:
                    type: string
components:
  schemas:
    Thing:
      type: object
      required: [id]
      properties:
        id:
          type: string
        token:
          type: string
";

    fn recording(status: u16, body: Value) -> Recording {
        Recording {
            file: format!("{status}.json"),
            api: "things".into(),
            operation: "getThings".into(),
            status,
            content_type: Some("application/json; charset=utf-8".into()),
            body,
        }
    }

    #[test]
    fn adds_examples_as_text_dedupes_and_redacts() {
        let mut imported = Imported::default();
        let recordings = [
            recording(
                200,
                json!({"id": "2", "token": "secret-token", "when": "0000-00-00"}),
            ),
            recording(
                200,
                json!({"id": "2", "token": "another", "when": "0000-00-00"}),
            ),
            recording(200, json!({"id": "1"})),
            recording(404, json!({"message": "gone"})),
            recording(200, json!({"id": 3})),
            recording(500, json!({"message": "boom"})),
        ];
        let edited = import_into("spec/things.yaml", SPEC, &recordings, &mut imported).unwrap();
        assert_eq!(imported.added.len(), 2, "{imported:#?}");
        let reasons: Vec<&str> = imported.skipped.iter().map(|(_, r)| r.as_str()).collect();
        assert!(reasons[0].contains("already has this body"), "{reasons:?}"); // redacted twin
        assert!(reasons[1].contains("already has this body"), "{reasons:?}"); // the docs' sample
        assert!(reasons[2].contains("breaks the schema"), "{reasons:?}");
        assert!(
            reasons[3].contains("documents no 500 answer"),
            "{reasons:?}"
        );
        assert!(!edited.contains("secret-token"));
        // The rest of the file is untouched: only lines were added, comments stay.
        let diff = similar::TextDiff::from_lines(SPEC, &edited);
        assert!(diff
            .iter_all_changes()
            .all(|change| change.tag() != similar::ChangeTag::Delete));
        assert!(edited.contains("              # the documented sample\n"));
        let raw: Value = serde_yaml_ng::from_str(&edited).unwrap();
        let (_, name, pointer) = &imported.added[0];
        assert!(name.starts_with("service-get-things-"), "{name}");
        assert_eq!(
            raw.pointer(&format!("{pointer}/value")).unwrap(),
            &json!({"id": "2", "token": "[redacted]", "when": "0000-00-00"})
        );
        assert!(
            edited.contains("\n                    when: '0000-00-00'\n"),
            "{edited}"
        );
        // The 404 had no examples map: one was made.
        let (_, _, pointer) = &imported.added[1];
        assert!(pointer.starts_with("/paths/~1things/get/responses/404/content/application~1json/examples/service-get-things-"));
        assert_eq!(
            raw.pointer(&format!("{pointer}/value")).unwrap(),
            &json!({"message": "gone"})
        );
        // Importing again adds nothing.
        let mut again = Imported::default();
        let same = import_into("spec/things.yaml", &edited, &recordings, &mut again).unwrap();
        assert_eq!(same, edited);
        assert!(again.added.is_empty());
    }

    #[test]
    fn values_are_written_so_that_every_yaml_reader_reads_them_back() {
        let value = json!({
            "when": "2020-09-27 08:13:01", "flag": "yes", "id": "0012", "n": 39, "none": null,
            "text": "It's a line\nand another", "plain": "Heaven 21", "list": [{"a": [1, {"b": "c"}]}, "x", []],
            "empty": {}
        });
        let text = yaml_lines(&value, 0).join("\n");
        assert_eq!(
            serde_yaml_ng::from_str::<Value>(&text).unwrap(),
            value,
            "{text}"
        );
        assert!(text.contains("when: '2020-09-27 08:13:01'"));
        assert!(text.contains("flag: 'yes'"));
        assert!(text.contains("plain: Heaven 21"));
        assert!(text.contains("  - a:\n      - 1\n      - b: c"), "{text}");
    }

    #[test]
    fn an_imported_recording_passes_the_lint_of_the_real_spec() {
        let root = crate::workspace_root();
        let text = std::fs::read_to_string(root.join("spec/xerochat.yaml")).unwrap();
        let body = json!({"status": "error", "message": "Either API Key Invalid or Member Validity Expired (recorded)"});
        let recording = parse(
            "000001-xerochat-get_user_info.json",
            &json!({
                "format": FORMAT, "api": "xerochat", "operation": "get_user_info", "method": "GET",
                "path": "/get_user_info", "query": [["api_key", "[redacted]"]],
                "request": {"headers": {}, "content_type": null, "body": null},
                "response": {"status": 200, "headers": {}, "content_type": "application/json", "body": body}
            })
            .to_string(),
        )
        .unwrap();
        let mut imported = Imported::default();
        let edited = import_into("spec/xerochat.yaml", &text, &[recording], &mut imported).unwrap();
        assert_eq!(imported.added.len(), 1, "{imported:#?}");
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("xerochat.yaml"), &edited).unwrap();
        std::fs::write(dir.path().join("before.yaml"), &text).unwrap();
        let errors = lint_errors(dir.path(), "xerochat.yaml").unwrap();
        assert_eq!(errors, lint_errors(dir.path(), "before.yaml").unwrap());
        assert_eq!(errors, 0);
        let spec = crate::spec::Spec::load(dir.path(), "xerochat.yaml").unwrap();
        let (_, _, pointer) = &imported.added[0];
        assert_eq!(spec.raw.pointer(&format!("{pointer}/value")), Some(&body));
        // The example is among the spec's examples, where the snapshot tests read them.
        assert!(spec_support::examples(&spec.raw)
            .iter()
            .any(|example| example.pointer == format!("{pointer}/value")));
    }
}
