//! `cargo xtask add-api NAME SPEC_FILE`: a new API from an OpenAPI 3.0 document, in one command.
//!
//! Everything is checked before the first write, and every write after it is recorded, so a failure at
//! any step (a spec progenitor cannot take, a full disk) puts every touched file back as it was: the
//! workspace is either unchanged or has the whole new API.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde_json::Value;

use crate::apis::{self, Api};
use crate::mock_gen::{self, Format};
use crate::output::{sync, GeneratedFile, Outcome};
use crate::scaffold::{NewCrates, Uses};

/// Top-level paths the mock server serves itself, so no API may be mounted there.
const RESERVED_MOUNTS: [&str; 1] = ["docs"];

/// The manifests of the workspace that gain a dependency on the new crates.
const ROOT_MANIFEST: &str = "Cargo.toml";
const TESTS_MANIFEST: &str = "tests/Cargo.toml";
const MOCK_MANIFEST: &str = "crates/mock-server/Cargo.toml";

/// A new API that passed every check: nothing has been written yet.
#[derive(Debug)]
pub struct Checked {
    pub name: String,
    /// The spec as given, byte for byte.
    pub bytes: Vec<u8>,
    /// Where the copy goes, relative to the workspace root: `spec/<name>.<extension as given>`.
    pub spec: String,
    pub title: String,
    pub version: String,
    /// The spec as JSON, for what the scaffold and the report need of it.
    pub raw: Value,
    /// The spec as parsed.
    pub openapi: openapiv3::OpenAPI,
}

/// Checks that `name` can be added with the spec at `source`, without writing anything.
pub fn check(root: &Path, name: &str, source: &Path) -> Result<Checked> {
    if !apis::valid_name(name) {
        bail!(
            "`{name}` is not a valid API name: use lowercase ASCII letters, digits and single dashes, \
             starting with a letter (e.g. `petstore`, `pet-store`)"
        );
    }
    if RESERVED_MOUNTS.contains(&name) {
        bail!("`{name}` cannot be an API name: the mock server serves its own pages at /{name}");
    }
    let table = apis::load(root)?;
    if table.iter().any(|api| api.name == name) {
        bail!("{}: an API named `{name}` is already listed", apis::TABLE);
    }
    if let Some(api) = table.iter().find(|api| api.mount == name) {
        bail!(
            "{}: the mount `{name}` is taken by the API `{}`; choose another name",
            apis::TABLE,
            api.name
        );
    }
    let shown = source.display();
    let extension = source
        .extension()
        .and_then(|ext| ext.to_str())
        .filter(|ext| ["yaml", "yml", "json"].contains(&ext.to_ascii_lowercase().as_str()))
        .with_context(|| format!("{shown}: the spec file must end in .yaml, .yml or .json"))?;
    let spec = format!("spec/{name}.{extension}");
    for taken in [
        spec.clone(),
        format!("crates/{name}-client"),
        format!("crates/{name}-server"),
    ] {
        if root.join(&taken).exists() {
            bail!("{taken} already exists; remove it or choose another name");
        }
    }
    let bytes = std::fs::read(source).with_context(|| format!("cannot read {shown}"))?;
    let text =
        std::str::from_utf8(&bytes).map_err(|_| anyhow::anyhow!("{shown}: not UTF-8 text"))?;
    let raw: Value = match Format::of(&spec) {
        Format::Json => {
            serde_json::from_str(text).with_context(|| format!("{shown}: not valid JSON"))?
        }
        Format::Yaml => {
            serde_yaml_ng::from_str(text).with_context(|| format!("{shown}: not valid YAML"))?
        }
    };
    let version = match raw.get("openapi") {
        Some(Value::String(version)) => version.clone(),
        Some(other) => {
            bail!("{shown}: `openapi` must be a version string such as \"3.0.3\", found {other}")
        }
        None if raw.get("swagger").is_some() => bail!(
            "{shown}: a Swagger 2.0 document; only OpenAPI 3.0.x is supported (convert it first)"
        ),
        None => bail!("{shown}: not an OpenAPI document (no `openapi` version field)"),
    };
    if !version.starts_with("3.0.") {
        bail!("{shown}: OpenAPI {version}; only OpenAPI 3.0.x is supported");
    }
    let openapi: openapiv3::OpenAPI = serde_path_to_error::deserialize(&raw)
        .map_err(|error| anyhow::anyhow!("at `{}`: {}", error.path(), error.inner()))
        .with_context(|| format!("{shown}: not a valid OpenAPI 3.0 document"))?;
    Ok(Checked {
        name: name.to_owned(),
        bytes,
        spec,
        title: openapi.info.title.clone(),
        version,
        raw,
        openapi,
    })
}

/// Every file a run wrote, remembered as it was before, so a failure can put it back.
#[derive(Debug)]
pub struct Changes {
    root: PathBuf,
    /// Root-relative path and the content before the first write (`None`: it did not exist).
    originals: Vec<(PathBuf, Option<Vec<u8>>)>,
    /// Directories this run created, outermost first.
    created_dirs: Vec<PathBuf>,
}

impl Changes {
    pub fn new(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
            originals: Vec::new(),
            created_dirs: Vec::new(),
        }
    }

    /// Records `path`'s current content (once) before it is first written.
    pub fn remember(&mut self, path: &Path) -> Result<()> {
        if self.originals.iter().any(|(known, _)| known == path) {
            return Ok(());
        }
        let full = self.root.join(path);
        let original = match std::fs::read(&full) {
            Ok(bytes) => Some(bytes),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
            Err(error) => return Err(error).with_context(|| format!("reading {}", path.display())),
        };
        self.originals.push((path.to_path_buf(), original));
        if let Some(parent) = path.parent() {
            self.create_dirs(parent)?;
        }
        Ok(())
    }

    /// Creates `dir` and its missing parents, recording each one made.
    fn create_dirs(&mut self, dir: &Path) -> Result<()> {
        let mut missing = Vec::new();
        for ancestor in dir.ancestors().filter(|a| !a.as_os_str().is_empty()) {
            if self.root.join(ancestor).is_dir() {
                break;
            }
            missing.push(ancestor.to_path_buf());
        }
        for dir in missing.into_iter().rev() {
            std::fs::create_dir(self.root.join(&dir))
                .with_context(|| format!("creating {}", dir.display()))?;
            self.created_dirs.push(dir);
        }
        Ok(())
    }

    /// Writes `contents` to `path`, remembering what was there.
    pub fn write(&mut self, path: impl AsRef<Path>, contents: impl AsRef<[u8]>) -> Result<()> {
        let path = path.as_ref();
        self.remember(path)?;
        std::fs::write(self.root.join(path), contents)
            .with_context(|| format!("writing {}", path.display()))
    }

    /// Rewrites the text file `path` with `edit`.
    pub fn edit(&mut self, path: &str, edit: impl FnOnce(&str) -> Result<String>) -> Result<()> {
        let text = std::fs::read_to_string(self.root.join(path))
            .with_context(|| format!("reading {path}"))?;
        let edited = edit(&text)?;
        self.write(path, edited)
    }

    /// Puts every remembered file back and removes the directories this run created. Goes on after a
    /// failure so as much as possible is restored, and names what could not be.
    pub fn rollback(self) -> Result<()> {
        let mut failed = Vec::new();
        for (path, original) in self.originals.iter().rev() {
            let full = self.root.join(path);
            let restored = match original {
                Some(bytes) => std::fs::write(&full, bytes),
                None => match std::fs::remove_file(&full) {
                    Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
                    other => other,
                },
            };
            if let Err(error) = restored {
                failed.push(format!("{}: {error}", path.display()));
            }
        }
        for dir in self.created_dirs.iter().rev() {
            if let Err(error) = std::fs::remove_dir(self.root.join(dir)) {
                failed.push(format!("{}: {error}", dir.display()));
            }
        }
        if failed.is_empty() {
            Ok(())
        } else {
            bail!("could not undo: {}", failed.join("; "))
        }
    }

    /// The paths written so far, in order, each with whether it existed before.
    pub fn written(&self) -> impl Iterator<Item = (&Path, bool)> {
        self.originals
            .iter()
            .map(|(path, original)| (path.as_path(), original.is_some()))
    }
}

/// What a successful run did, for the report.
#[derive(Debug)]
pub struct Added {
    pub checked: Checked,
    /// Where the mock serves the API.
    pub mount_path: String,
    /// Files created for the new API: hand-editable from now on.
    pub created: Vec<PathBuf>,
    /// Existing files that gained the new API (the table, the manifests).
    pub edited: Vec<PathBuf>,
    /// Generated files written by codegen (new or changed).
    pub generated: Vec<PathBuf>,
}

/// Checks, then adds the API with `render` producing the generated files (codegen's `render`, or a
/// stand-in in tests). On any failure after the checks, every written file is restored.
pub fn add_with(
    root: &Path,
    name: &str,
    source: &Path,
    render: impl FnOnce(&Path) -> Result<Vec<GeneratedFile>>,
) -> Result<Added> {
    let checked = check(root, name, source)?;
    let mut changes = Changes::new(root);
    match apply(&mut changes, &checked, render) {
        Ok((scaffolded, generated)) => {
            let (edited, created): (Vec<_>, Vec<_>) = changes
                .written()
                .take(scaffolded)
                .partition(|(_, existed)| *existed);
            let paths = |written: Vec<(&Path, bool)>| -> Vec<PathBuf> {
                written
                    .into_iter()
                    .map(|(path, _)| path.to_path_buf())
                    .collect()
            };
            let mount_path = mock_gen::mount_path(&api_row(&checked), &checked.openapi);
            Ok(Added {
                created: paths(created),
                edited: paths(edited),
                generated,
                mount_path,
                checked,
            })
        }
        Err(error) => match changes.rollback() {
            Ok(()) => Err(error.context(format!("adding `{name}` failed; nothing was changed"))),
            Err(undo) => Err(error.context(format!(
                "adding `{name}` failed, and restoring the workspace failed too ({undo:#})"
            ))),
        },
    }
}

/// The table's row for the new API, as codegen will read it.
fn api_row(checked: &Checked) -> Api {
    Api {
        name: checked.name.clone(),
        spec: checked.spec.clone(),
        mount: checked.name.clone(),
        reference: None,
        client_inner: None,
        facade: None,
        facade_hand_written: Vec::new(),
        replacements: Vec::new(),
    }
}

/// The writes, in order; returns how many files the scaffolding wrote (the first ones `changes`
/// records) and the generated files written.
fn apply(
    changes: &mut Changes,
    checked: &Checked,
    render: impl FnOnce(&Path) -> Result<Vec<GeneratedFile>>,
) -> Result<(usize, Vec<PathBuf>)> {
    let mut crates = NewCrates {
        name: &checked.name,
        spec: &checked.spec,
        title: &checked.title,
        uses: Uses {
            uuid: uses_format(&checked.raw, "uuid"),
            ..Uses::default()
        },
    };
    changes.write(&checked.spec, &checked.bytes)?;
    changes.edit(apis::TABLE, |table| {
        let appended = crates.append_row(table);
        apis::parse(&appended)?;
        Ok(appended)
    })?;
    changes.edit(ROOT_MANIFEST, |text| crates.edit_root_manifest(text))?;
    changes.edit(TESTS_MANIFEST, |text| crates.edit_tests_manifest(text))?;
    changes.edit(MOCK_MANIFEST, |text| crates.edit_mock_manifest(text))?;
    let client = format!("crates/{}", crates.client());
    let server = format!("crates/{}", crates.server());
    changes.write(format!("{client}/Cargo.toml"), crates.client_manifest())?;
    changes.write(format!("{client}/src/lib.rs"), crates.client_lib())?;
    changes.write(format!("{server}/Cargo.toml"), crates.server_manifest())?;
    changes.write(format!("{server}/src/lib.rs"), crates.server_lib())?;

    let scaffolded = changes.originals.len();
    let root = changes.root.clone();
    let files = without_panics(|| render(&root))?;
    // The manifests name what the generated code turned out to use (uuid, websockets, pagination).
    let generated = |krate: &str| {
        let path = PathBuf::from(format!("{krate}/src/generated.rs"));
        files
            .iter()
            .find(|file| file.path == path)
            .map(|file| Uses::of_code(&file.contents))
    };
    if let (Some(client_uses), Some(server_uses)) = (generated(&client), generated(&server)) {
        let uses = Uses {
            uuid: client_uses.uuid || server_uses.uuid,
            websockets: client_uses.websockets,
            futures: client_uses.futures,
        };
        if uses != crates.uses {
            crates.uses = uses;
            changes.write(format!("{client}/Cargo.toml"), crates.client_manifest())?;
            changes.write(format!("{server}/Cargo.toml"), crates.server_manifest())?;
        }
    }
    let mut written = Vec::new();
    for file in &files {
        changes.remember(&file.path)?;
        if let Outcome::Written = sync(&root, file, false)? {
            written.push(file.path.clone());
        }
    }
    Ok((scaffolded, written))
}

/// Runs `f`, turning a panic into an error. Progenitor and typify assert (panic) on some specs they
/// cannot take instead of returning an error, and a panic must not skip the rollback. The panic's
/// message and location become the error's text instead of being printed by the default hook.
fn without_panics<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    use std::sync::{Arc, Mutex};
    let caught = Arc::new(Mutex::new(None::<String>));
    let previous = std::panic::take_hook();
    let record = Arc::clone(&caught);
    std::panic::set_hook(Box::new(move |info| {
        if let Ok(mut slot) = record.lock() {
            *slot = Some(info.to_string());
        }
    }));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(previous);
    match outcome {
        Ok(result) => result,
        Err(_) => {
            let panic = caught.lock().ok().and_then(|mut slot| slot.take());
            let panic = panic.unwrap_or_else(|| "a panic".to_owned());
            bail!(
                "codegen panicked ({}); the spec uses something the generators cannot take yet",
                panic.replace('\n', " ")
            )
        }
    }
}

/// Whether any schema of the spec has `format: <format>`.
fn uses_format(value: &Value, format: &str) -> bool {
    match value {
        Value::Object(map) => {
            map.get("format").and_then(Value::as_str) == Some(format)
                || map.values().any(|v| uses_format(v, format))
        }
        Value::Array(items) => items.iter().any(|v| uses_format(v, format)),
        _ => false,
    }
}

/// Prints what a run did and what the user does next.
pub fn report(added: &Added) {
    let Added {
        checked,
        mount_path,
        created,
        edited,
        generated,
    } = added;
    let name = &checked.name;
    println!(
        "added the API `{name}`: {} (OpenAPI {}), served by the mock at {mount_path}",
        checked.title, checked.version
    );
    for (heading, paths) in [
        ("created (yours to edit from now on)", created),
        ("edited", edited),
        ("generated (rewritten by `cargo xtask codegen`)", generated),
    ] {
        println!("\n{heading}:");
        for path in paths {
            println!("  {}", path.display());
        }
    }
    println!(
        "\nnext:
  cargo build --workspace                         builds {name}-client and {name}-server
  cargo test -p workspace-tests --test examples   a snapshot test per example of {spec}
  cargo insta review                              read and accept the new snapshots (or read the
                                                  .snap.new files, then rerun with INSTA_UPDATE=always)
  cargo run -p chatbot-openapi-mock              serves it at http://127.0.0.1:8080{mount_path}/…, docs at /docs/{name}/
  then commit the files above, Cargo.lock and tests/snapshots/. To serve a hand-written implementation
  instead of the spec's examples, give the row in {table} a `reference` (see the file's header).",
        spec = checked.spec,
        table = apis::TABLE,
    );
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// The files `add-api` reads or edits, copied from the workspace into a scratch root.
    fn scratch() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let workspace = crate::workspace_root();
        for file in [apis::TABLE, ROOT_MANIFEST, TESTS_MANIFEST, MOCK_MANIFEST] {
            let target = dir.path().join(file);
            std::fs::create_dir_all(target.parent().expect("parent")).expect("dirs");
            let text = std::fs::read_to_string(workspace.join(file)).expect(file);
            // The names these tests add, should the workspace have APIs of those names.
            let text =
                crate::scaffold::without_apis(file, &text, &["petstore", "pets", "pet-store"]);
            std::fs::write(target, text).expect(file);
        }
        std::fs::create_dir(dir.path().join("spec")).expect("spec dir");
        dir
    }

    /// Every file under `root` and its content: equal snapshots mean nothing changed.
    fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
        fn walk(root: &Path, dir: &Path, into: &mut BTreeMap<PathBuf, Vec<u8>>) {
            for entry in std::fs::read_dir(dir).expect("read dir") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    into.insert(
                        path.strip_prefix(root).expect("inside").to_path_buf(),
                        Vec::new(),
                    );
                    walk(root, &path, into);
                } else {
                    let bytes = std::fs::read(&path).expect("read");
                    into.insert(
                        path.strip_prefix(root).expect("inside").to_path_buf(),
                        bytes,
                    );
                }
            }
        }
        let mut files = BTreeMap::new();
        walk(root, root, &mut files);
        files
    }

    const PETSTORE: &str = r#"{
  "openapi": "3.0.3",
  "info": { "title": "Petstore", "version": "1.0.0" },
  "paths": {}
}"#;

    /// A spec file outside the scratch root.
    fn spec_file(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("spec");
        (dir, path)
    }

    fn refused(root: &Path, name: &str, source: &Path) -> String {
        let error = check(root, name, source).expect_err("refused");
        let message = format!("{error:#}");
        assert!(!message.contains('\n'), "one line: {message}");
        message
    }

    #[test]
    fn a_good_spec_passes_the_checks() {
        let root = scratch();
        let (_dir, json) = spec_file("pets.json", PETSTORE);
        let checked = check(root.path(), "petstore", &json).expect("fine");
        assert_eq!(checked.spec, "spec/petstore.json");
        assert_eq!(checked.title, "Petstore");
        let yaml = "openapi: 3.0.0\ninfo: {title: Pets, version: '1'}\npaths: {}\n";
        let (_dir, yml) = spec_file("pets.yml", yaml);
        assert_eq!(
            check(root.path(), "pet-store", &yml).expect("fine").spec,
            "spec/pet-store.yml"
        );
    }

    #[test]
    fn names_are_checked() {
        let root = scratch();
        let (_dir, json) = spec_file("pets.json", PETSTORE);
        assert!(refused(root.path(), "Pet_Store", &json).contains("not a valid API name"));
        assert!(refused(root.path(), "docs", &json).contains("/docs"));
        assert!(refused(root.path(), "xerochat", &json).contains("already listed"));
        // `bot` is the mount of `bot-open-api`.
        assert!(refused(root.path(), "bot", &json).contains("taken by the API `bot-open-api`"));
        std::fs::create_dir_all(root.path().join("crates/petstore-server")).expect("dir");
        assert!(refused(root.path(), "petstore", &json)
            .contains("crates/petstore-server already exists"));
    }

    #[test]
    fn specs_are_checked() {
        let root = scratch();
        let root = root.path();
        let missing = root.join("nowhere.yaml");
        assert!(refused(root, "pets", &missing)
            .starts_with(&format!("cannot read {}", missing.display())));
        // A directory cannot be read as a file, whoever runs the test (root reads anything else).
        std::fs::create_dir(root.join("dir.yaml")).expect("dir");
        assert!(refused(root, "pets", &root.join("dir.yaml")).contains("cannot read"));
        for (file, text, expected) in [
            ("a.txt", PETSTORE, "must end in .yaml, .yml or .json"),
            ("a.json", "openapi: 3.0.3", "not valid JSON"),
            ("a.yaml", "openapi: [", "not valid YAML"),
            ("a.yaml", "swagger: '2.0'\ninfo: {}\n", "Swagger 2.0"),
            (
                "a.yaml",
                "openapi: 3.1.0\ninfo: {title: x, version: '1'}\n",
                "OpenAPI 3.1.0; only OpenAPI 3.0.x",
            ),
            ("a.yaml", "openapi: 3.0\n", "must be a version string"),
            ("a.yaml", "info: {}\n", "no `openapi` version field"),
            (
                "a.yaml",
                "openapi: 3.0.3\ninfo: {title: x}\npaths: {}\n",
                "not a valid OpenAPI 3.0 document",
            ),
        ] {
            let (_dir, path) = spec_file(file, text);
            let message = refused(root, "pets", &path);
            assert!(message.contains(expected), "{file} {text:?}: {message}");
        }
    }

    #[test]
    fn a_bad_name_or_an_unreadable_spec_changes_nothing() {
        let root = scratch();
        let before = snapshot(root.path());
        let (_dir, json) = spec_file("pets.json", PETSTORE);
        let never = |_: &Path| -> Result<Vec<GeneratedFile>> { panic!("not reached") };
        assert!(add_with(root.path(), "Bad Name", &json, never).is_err());
        assert!(add_with(
            root.path(),
            "pets",
            &root.path().join("missing.json"),
            never
        )
        .is_err());
        assert_eq!(snapshot(root.path()), before);
    }

    #[test]
    fn a_failing_codegen_undoes_every_write() {
        let root = scratch();
        let before = snapshot(root.path());
        let (_dir, json) = spec_file("pets.json", PETSTORE);
        let error = add_with(root.path(), "petstore", &json, |root| {
            // Everything before codegen has been written by now.
            assert!(root.join("crates/petstore-client/src/lib.rs").exists());
            assert!(std::fs::read_to_string(root.join("apis.toml"))
                .expect("table")
                .contains("petstore"));
            bail!("progenitor could not generate the client")
        })
        .expect_err("fails");
        let message = format!("{error:#}");
        assert!(
            message.contains("nothing was changed") && message.contains("progenitor"),
            "{message}"
        );
        assert_eq!(snapshot(root.path()), before);
    }

    #[test]
    fn a_panicking_codegen_undoes_every_write() {
        let root = scratch();
        let before = snapshot(root.path());
        let (_dir, json) = spec_file("pets.json", PETSTORE);
        let error = add_with(
            root.path(),
            "petstore",
            &json,
            |_| -> Result<Vec<GeneratedFile>> {
                panic!("assertion failed: response_types.len() <= 1")
            },
        )
        .expect_err("fails");
        let message = format!("{error:#}");
        assert!(
            message.contains("codegen panicked") && message.contains("response_types"),
            "{message}"
        );
        assert!(!message.contains('\n'), "{message}");
        assert_eq!(snapshot(root.path()), before);
    }

    #[test]
    fn a_failing_write_of_generated_files_undoes_the_ones_before_it() {
        let root = scratch();
        std::fs::create_dir_all(root.path().join("tests/src/generated")).expect("dir");
        std::fs::write(root.path().join("tests/src/generated/mod.rs"), "// old\n").expect("old");
        let before = snapshot(root.path());
        let (_dir, json) = spec_file("pets.json", PETSTORE);
        let result = add_with(root.path(), "petstore", &json, |_| {
            let file = |path: &str| GeneratedFile {
                path: PathBuf::from(path),
                contents: "// new\n".into(),
            };
            Ok(vec![
                file("tests/src/generated/mod.rs"),
                file("crates/petstore-client/src/generated.rs"),
                file("crates/mock-server/src/generated.rs"),
                // A file under a file: cannot be written.
                file("apis.toml/generated.rs"),
            ])
        });
        assert!(result.is_err());
        assert_eq!(snapshot(root.path()), before);
    }

    #[test]
    fn a_successful_run_writes_the_crates_the_row_and_the_manifests() {
        let root = scratch();
        let (_dir, json) = spec_file("pets.json", PETSTORE);
        let added = add_with(root.path(), "petstore", &json, |_| {
            Ok(vec![GeneratedFile {
                path: PathBuf::from("crates/petstore-client/src/generated.rs"),
                contents: "// generated\n".into(),
            }])
        })
        .expect("added");
        assert_eq!(added.mount_path, "/petstore");
        assert_eq!(
            added.created,
            [
                "spec/petstore.json",
                "crates/petstore-client/Cargo.toml",
                "crates/petstore-client/src/lib.rs",
                "crates/petstore-server/Cargo.toml",
                "crates/petstore-server/src/lib.rs",
            ]
            .map(PathBuf::from)
        );
        assert_eq!(
            added.edited,
            [apis::TABLE, ROOT_MANIFEST, TESTS_MANIFEST, MOCK_MANIFEST].map(PathBuf::from)
        );
        assert_eq!(
            added.generated,
            [PathBuf::from("crates/petstore-client/src/generated.rs")]
        );
        let read = |file: &str| std::fs::read_to_string(root.path().join(file)).expect(file);
        assert_eq!(read("spec/petstore.json"), PETSTORE);
        let apis = apis::load(root.path()).expect("table");
        let row = apis.last().expect("row");
        assert_eq!(
            (row.name.as_str(), row.spec.as_str(), row.mount.as_str()),
            ("petstore", "spec/petstore.json", "petstore")
        );
        assert!(read("Cargo.toml").contains(
            "petstore-server = { path = \"crates/petstore-server\", version = \"0.1.0\" }"
        ));
        assert!(read("tests/Cargo.toml").contains("petstore-client.workspace = true"));
        assert!(read("crates/mock-server/Cargo.toml").contains("petstore-server.workspace = true"));
        assert!(
            read("crates/petstore-server/Cargo.toml").contains("petstore-client.workspace = true")
        );
        assert!(read("crates/petstore-client/src/lib.rs").contains("pub use generated::*;"));
        // Run again: the name is now taken, and the refusal leaves the files alone.
        let before = snapshot(root.path());
        assert!(add_with(root.path(), "petstore", &json, |_| Ok(Vec::new())).is_err());
        assert_eq!(snapshot(root.path()), before);
    }

    #[test]
    fn formats_are_found_anywhere_in_the_spec() {
        let spec = serde_json::json!({"components": {"schemas": {"Id": {"type": "string", "format": "uuid"}}}});
        assert!(uses_format(&spec, "uuid"));
        assert!(!uses_format(&spec, "date-time"));
    }
}
