//! The client crate's generated code, from progenitor used as a library.
//!
//! progenitor gets the spec as [`progenitor_input`] adapts it (so it neither panics nor refuses a valid
//! spec), and runs under [`guarded`]: should it still panic, the panic becomes an error finding naming
//! the spec instead of a backtrace.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;

use anyhow::Result;
use openapiv3::OpenAPI;
use proc_macro2::TokenStream;
use progenitor_impl::{GenerationSettings, Generator, InterfaceStyle, TagStyle};

use crate::apis::Api;
use crate::finding::Finding;

/// The trait every generated type derives besides progenitor's own. The server generator's type space
/// (`server_gen::types`) uses it too, so both sides get the same types.
pub const DERIVE: &str = "PartialEq";
/// Ordered maps: deterministic `Debug` output and serialization (shared with the server generator).
pub const MAP_TYPE: &str = "::std::collections::BTreeMap";

/// progenitor's settings for `api`'s client.
pub fn settings(api: &Api) -> GenerationSettings {
    let mut settings = GenerationSettings::default();
    settings
        .with_interface(InterfaceStyle::Positional)
        .with_tag(TagStyle::Merged)
        .with_derive(DERIVE)
        .with_map_type(MAP_TYPE);
    for replacement in &api.replacements {
        settings.with_replacement(
            &replacement.schema,
            format!("crate::{}", replacement.path),
            replacement.impls.iter().map(|&i| i.into()),
        );
    }
    settings
}

/// The generated client, and the names of the types it defines.
pub struct Client {
    pub tokens: TokenStream,
    pub type_names: BTreeSet<String>,
}

/// Generates the client (progenitor's `Client`, one method per operation, and the `types` module) from
/// the document `progenitor_input` adapted, once it is found free of errors.
pub fn generate_adapted(api: &Api, file: &str, openapi: &OpenAPI) -> Result<Client> {
    let mut settings = settings(api);
    if let Some(inner) = &api.client_inner {
        settings.with_inner_type(
            inner
                .parse::<TokenStream>()
                .map_err(|e| anyhow::anyhow!("{e}"))?,
        );
    }
    generate_with(&settings, file, openapi).map_err(|finding| anyhow::anyhow!("{finding}"))
}

/// Runs progenitor on an already adapted document (`progenitor_input`'s); a failure or a panic is an
/// error finding against `file`.
pub fn generate_with(
    settings: &GenerationSettings,
    file: &str,
    openapi: &OpenAPI,
) -> Result<Client, Finding> {
    let outcome = guarded(|| {
        let mut generator = Generator::new(settings);
        let tokens = generator.generate_tokens(openapi)?;
        let type_names = generator
            .get_type_space()
            .iter_types()
            .map(|t| t.name())
            .collect();
        Ok::<_, progenitor_impl::Error>(Client { tokens, type_names })
    });
    match outcome {
        Ok(Ok(client)) => Ok(client),
        Ok(Err(error)) => Err(Finding::error(
            file,
            "document",
            "",
            format!("progenitor cannot generate the client: {error}"),
        )),
        Err(panic) => Err(Finding::error(
            file,
            "document",
            "",
            format!(
                "progenitor panicked on this spec ({panic}): a construct the client generator does not \
                 adapt yet"
            ),
        )),
    }
}

thread_local! {
    /// The message of the last panic on this thread while [`guarded`] silences it.
    static PANIC_MESSAGE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `f`, turning a panic into `Err(message)`.
///
/// While `f` runs, a panic on this thread prints nothing (the default hook would print a message and
/// backtrace for what is reported as a finding); panics on other threads still reach the previous
/// hook, which is restored afterwards. Calls are serialized, so hooks are never swapped concurrently.
pub fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: Mutex<()> = Mutex::new(());
    let _swapping = HOOK.lock().unwrap_or_else(PoisonError::into_inner);
    let previous = Arc::new(panic::take_hook());
    let chained = Arc::clone(&previous);
    let this_thread = thread::current().id();
    panic::set_hook(Box::new(move |info| {
        if thread::current().id() == this_thread {
            PANIC_MESSAGE.with(|message| *message.borrow_mut() = Some(describe(info)));
        } else {
            chained(info);
        }
    }));
    let outcome = panic::catch_unwind(AssertUnwindSafe(f));
    // Dropping our hook drops its handle on the previous one.
    drop(panic::take_hook());
    match Arc::try_unwrap(previous) {
        Ok(hook) => panic::set_hook(hook),
        Err(shared) => panic::set_hook(Box::new(move |info| shared(info))),
    }
    outcome.map_err(|payload| {
        PANIC_MESSAGE
            .with(|message| message.borrow_mut().take())
            .unwrap_or_else(|| payload_text(payload.as_ref()))
    })
}

/// A panic as one line: its message, and where (the source file inside its crate, no machine path).
fn describe(info: &PanicHookInfo<'_>) -> String {
    let message = payload_text(info.payload());
    match info.location() {
        Some(location) => {
            let parts: Vec<&str> = location.file().split(['/', '\\']).collect();
            let short = parts[parts.len().saturating_sub(3)..].join("/");
            format!("{message}, at {short}:{}", location.line())
        }
        None => message,
    }
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    let text = if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic without a message".to_owned()
    };
    // progenitor's panic messages may embed whole debug dumps of the spec: keep the first line.
    let first = text.lines().next().unwrap_or_default();
    if first.len() < text.len() {
        format!("{first} …")
    } else {
        first.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message() {
        let outcome: Result<(), String> = guarded(|| panic!("not yet implemented: {}", 7));
        let message = outcome.unwrap_err();
        assert!(
            message.starts_with("not yet implemented: 7, at "),
            "{message}"
        );
        assert!(message.contains("client_gen.rs"), "{message}");
        assert_eq!(guarded(|| 3), Ok(3));
    }
}
