//! Tokens of the facade layer, from the plans: input structs, `Envelope` impls, one method per
//! operation, the operation list.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use syn::Type;

use super::messages::{Kind, Variant};
use super::plan::{self, Arg, FieldArg, Fields, Plan, Returns, Sink};
use super::rust_api::RustApi;

/// What the emitter needs besides the plans.
pub struct Layer<'a> {
    pub facade: &'a str,
    /// The operation ids with a facade method (generated or hand-written), in spec order.
    pub operations: Vec<String>,
    pub plans: Vec<Plan>,
    /// Operations the facade implements by hand.
    pub hand_written: Vec<String>,
    /// progenitor's response type of every operation, the hand-written ones' too (their methods need
    /// the `Envelope` impls as much).
    pub responses: Vec<Type>,
    /// The error envelope's component name, when the API has one.
    pub envelope: Option<String>,
    /// `x-empty-values-are-missing`: an empty text is no value for the at-least-one-of checks.
    pub empty_is_missing: bool,
    /// progenitor's names of the operations a retry may repeat (`GET`s aside): `x-idempotent`.
    pub idempotent: Vec<String>,
    /// The variants of `ServiceMessage`, in an API with an error envelope.
    pub messages: Option<Vec<Variant>>,
}

pub fn emit(layer: &Layer<'_>, api: &RustApi) -> TokenStream {
    let facade = ident(layer.facade);
    let ids = &layer.operations;
    let inputs = layer.plans.iter().filter_map(input_struct);
    let envelopes = layer
        .envelope
        .as_deref()
        .map(|envelope| envelope_impls(&layer.responses, api, envelope));
    let methods = layer
        .plans
        .iter()
        .map(|plan| method(plan, layer.messages.as_deref()));
    let idempotent = &layer.idempotent;
    let message_enum = layer.messages.as_deref().map(message_enum);
    let hand_written = layer.hand_written.iter().map(|operation| {
        let method = ident(&crate::names::snake(operation));
        let doc = format!(
            " `{operation}` is implemented by hand (`facade-hand-written`): this fails to compile \
             while `{}::{method}` is missing.",
            layer.facade
        );
        quote! {
            #[doc = #doc]
            const _: () = {
                let _ = crate::#facade::#method;
            };
        }
    });
    let given = layer
        .plans
        .iter()
        .any(|plan| plan.at_least_one_of.is_some())
        .then(|| given_helper(layer.empty_is_missing));
    let module_doc = [
        format!(" One method of [`{0}`](crate::{0}) per operation of the spec, named after its", layer.facade),
        " `operationId`, and the `<Op>Input` structs of operations with optional values.".to_owned(),
        String::new(),
        " Every method ends in the facade's hand-written `send`, which maps the generated client's errors"
            .to_owned(),
        " (and the API's error envelope, where it has one) to `crate::Error`.".to_owned(),
    ];
    quote! {
        #(#![doc = #module_doc])*

        #[allow(unused_imports)]
        use crate::types::{self, *};

        /// Every operation of the spec, by `operationId`, in spec order: each has a method of the facade
        /// named after it in snake case.
        pub const OPERATIONS: &[&str] = &[#(#ids),*];

        /// progenitor's names of the operations the spec marks `x-idempotent`: besides `GET`s, the only
        /// ones a retry may send again after they may have reached the service.
        pub(crate) const IDEMPOTENT: &[&str] = &[#(#idempotent),*];

        #message_enum

        #(#inputs)*
        #envelopes

        impl crate::#facade {
            #(#methods)*
        }

        #(#hand_written)*
        #given
    }
}

fn ident(name: &str) -> Ident {
    syn::parse_str::<Ident>(name).unwrap_or_else(|_| Ident::new_raw(name, Span::call_site()))
}

fn input_struct(plan: &Plan) -> Option<TokenStream> {
    let Fields::Input { name, fields } = &plan.fields else {
        return None;
    };
    let name = ident(name);
    let doc = format!(
        " What `{}` (`{}`) sends, the credential aside.",
        plan.operation_id, plan.http
    );
    let derive_default = fields.iter().all(|field| plan::has_default(&field.owned));
    let default = derive_default.then(|| quote!(Default,));
    let members = fields.iter().map(|field| {
        let field_ident = ident(&field.ident);
        let ty = &field.owned;
        let doc = field
            .description
            .as_deref()
            .map(|text| format!(" {}", text.replace('\n', "\n ")));
        let doc = doc.map(|doc| quote!(#[doc = #doc]));
        quote! { #doc pub #field_ident: #ty, }
    });
    Some(quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq, #default)]
        pub struct #name {
            #(#members)*
        }

        impl ::std::convert::From<&#name> for #name {
            fn from(value: &#name) -> Self {
                value.clone()
            }
        }
    })
}

fn envelope_impls(responses: &[Type], api: &RustApi, envelope: &str) -> TokenStream {
    let envelope_ty = ident(&crate::names::pascal(envelope));
    let mut seen = BTreeSet::new();
    let mut impls = Vec::new();
    for response in responses {
        if !seen.insert(quote!(#response).to_string()) {
            continue;
        }
        let body = match plan::envelope_variants(api, response, Some(envelope)) {
            Some((error, (success, success_ty))) => {
                let (error, success) = (ident(&error), ident(&success));
                quote! {
                    type Success = #success_ty;
                    fn into_result(self) -> ::std::result::Result<Self::Success, Self::Error> {
                        match self {
                            Self::#error(envelope) => ::std::result::Result::Err(envelope),
                            Self::#success(success) => ::std::result::Result::Ok(success),
                        }
                    }
                }
            }
            // An operation whose answer has no error variant: every answer is a success.
            None => quote! {
                type Success = Self;
                fn into_result(self) -> ::std::result::Result<Self::Success, Self::Error> {
                    ::std::result::Result::Ok(self)
                }
            },
        };
        impls.push(quote! {
            impl crate::Envelope for #response {
                type Error = #envelope_ty;
                #body
            }
        });
    }
    quote!(#(#impls)*)
}

fn method(plan: &Plan, messages: Option<&[Variant]>) -> TokenStream {
    let name = ident(&plan.method);
    let operation_id = &plan.operation_id;
    let doc = method_doc(plan, messages);
    let mut params: Vec<TokenStream> = plan
        .path_args
        .iter()
        .map(|(name, ty, _)| {
            let name = ident(name);
            quote!(#name: #ty)
        })
        .collect();
    let mut prelude = Vec::new();
    // Where each field's value is read: a parameter, or the input struct.
    let from_input = matches!(plan.fields, Fields::Input { .. });
    match &plan.fields {
        Fields::None => {}
        Fields::Positional(fields) => params.extend(fields.iter().map(|field| {
            let name = ident(&field.ident);
            let ty = &field.param;
            quote!(#name: #ty)
        })),
        Fields::Input { name, .. } => {
            let input = ident(name);
            params.push(quote!(input: impl ::std::convert::Into<#input>));
            prelude.push(quote!(let input: #input = ::std::convert::Into::into(input);));
        }
    }
    if let Some((name, ty)) = &plan.json_body {
        let name = ident(name);
        params.push(quote!(#name: #ty));
    }
    let read = |field: &str| {
        let field = ident(field);
        if from_input {
            quote!(input.#field)
        } else {
            quote!(#field)
        }
    };
    if let Some((fields, message)) = &plan.at_least_one_of {
        let checks = fields.iter().map(|field| {
            let value = read(field);
            quote!(given(&#value))
        });
        prelude.push(quote! {
            if !(#(#checks)||*) {
                return ::std::result::Result::Err(crate::Error::InvalidRequest(#message.to_owned()));
            }
        });
    }
    if let Some(form) = &plan.form {
        let ty = &form.ty;
        let credential = form.credential.as_deref().map(|field| {
            let field = ident(field);
            quote!(#field: self.credential().to_owned(),)
        });
        let fields = plan.fields.list().iter().filter_map(|field| {
            let Sink::Form(ty) = &field.sink else {
                return None;
            };
            let name = ident(&field.ident);
            let value = read(&field.ident);
            if field.id {
                let value = unwrap_id(field, value);
                return Some(quote!(#name: #value,));
            }
            if !from_input && same(&field.param, ty) {
                return Some(quote!(#name,));
            }
            let value = if from_input {
                value
            } else {
                quote!(::std::borrow::ToOwned::to_owned(#value))
            };
            Some(quote!(#name: #value,))
        });
        prelude.push(quote! {
            let form = #ty { #credential #(#fields)* };
        });
    }
    let args = plan.call.iter().map(|arg| match arg {
        Arg::Credential => quote!(self.credential()),
        Arg::Path(name) => {
            let is_id = plan.path_args.iter().any(|(arg, _, id)| arg == name && *id);
            let name = ident(name);
            if is_id {
                quote!(#name.get())
            } else {
                quote!(#name)
            }
        }
        Arg::JsonBody(name) => {
            let name = ident(name);
            quote!(#name)
        }
        Arg::Form => quote!(&form),
        Arg::Field(name) => {
            let value = read(name);
            let field = plan.fields.list().iter().find(|f| f.ident == *name);
            let value = match field {
                Some(field) if field.id => unwrap_id(field, value),
                _ => value,
            };
            match field.map(|f| &f.sink) {
                Some(Sink::Param(ty)) if from_input => pass(ty, value),
                _ => value,
            }
        }
    });
    let send = quote!(self.send(#operation_id, self.generated().#name(#(#args),*)).await);
    let (output, finish) = match &plan.returns {
        Returns::Whole(ty) => (quote!(#ty), send),
        Returns::Unit => (
            quote!(()),
            quote! {
                #send?;
                ::std::result::Result::Ok(())
            },
        ),
        Returns::Field {
            ident: field,
            ty,
            id: None,
        } => {
            let field = ident(field);
            (
                quote!(#ty),
                quote!(::std::result::Result::Ok(#send?.#field)),
            )
        }
        Returns::Field {
            ident: field,
            id: Some(id),
            ..
        } => {
            let field = ident(field);
            (
                quote!(#id),
                quote!(::std::result::Result::Ok(<#id>::from(#send?.#field))),
            )
        }
        Returns::Inner(ty) => (quote!(#ty), quote!(::std::result::Result::Ok(#send?.0))),
    };
    // `'a` ties borrowed arguments to the call; without any, it would be a needless lifetime.
    let borrowed = params.iter().any(|param| param.to_string().contains("'a"));
    let (generics, receiver) = if borrowed {
        (quote!(<'a>), quote!(&'a self))
    } else {
        (quote!(), quote!(&self))
    };
    quote! {
        #doc
        pub async fn #name #generics(#receiver, #(#params),*) -> ::std::result::Result<#output, crate::Error> {
            #(#prelude)*
            #finish
        }
    }
}

/// An id newtype's value as progenitor's integer (`Option` mapped).
fn unwrap_id(field: &FieldArg, value: TokenStream) -> TokenStream {
    if plan::is_option(&field.owned) {
        quote!(#value.map(|id| id.get()))
    } else {
        quote!(#value.get())
    }
}

/// An input struct's owned value as progenitor's parameter of type `ty` takes it.
fn pass(ty: &Type, value: TokenStream) -> TokenStream {
    match ty {
        Type::Reference(_) => quote!(&#value),
        _ if plan::is_option(ty) => match super::rust_api::generic_arg(ty, 0) {
            Some(Type::Reference(reference)) => match &*reference.elem {
                Type::Path(path) if path.path.is_ident("str") => quote!(#value.as_deref()),
                _ => quote!(#value.as_ref()),
            },
            _ => quote!(#value),
        },
        _ => quote!(#value),
    }
}

fn method_doc(plan: &Plan, messages: Option<&[Variant]>) -> TokenStream {
    let mut text = String::new();
    if let Some(summary) = &plan.summary {
        text.push_str(&format!("{summary}.\n\n"));
    }
    text.push_str(&format!("`{}` (`{}`).", plan.http, plan.operation_id));
    match &plan.returns {
        Returns::Field { ident, id, .. } => {
            text.push_str(&format!(" Returns the success body's `{ident}`"));
            if id.is_some() {
                text.push_str(", as its id type");
            }
            text.push('.');
        }
        Returns::Unit => text.push_str(" Returns `()` on success."),
        Returns::Inner(_) => text.push_str(" Returns the success body's items."),
        Returns::Whole(ty) => {
            let name = quote!(#ty).to_string().replace(' ', "");
            let name = name.rsplit("::").next().unwrap_or(&name).to_owned();
            text.push_str(&format!(" Returns the success body, a [`{name}`]."));
        }
    }
    if let Some((fields, message)) = &plan.at_least_one_of {
        text.push_str(&format!(
            "\n\nRefused before sending (`Error::InvalidRequest`, \"{message}\") when none of `{}` is given.",
            fields.join("`, `")
        ));
    }
    if let Some(description) = &plan.description {
        text.push_str(&format!("\n\n{description}"));
    }
    text.push_str("\n\n# Errors\n\n");
    if plan.documented.is_empty() {
        text.push_str("The spec documents no message of the service for this call.\n");
    } else {
        text.push_str("What the spec documents the service answering this call with:\n");
    }
    for message in &plan.documented {
        let line = match (message.kind, messages) {
            (Kind::Error | Kind::Info, Some(variants)) => {
                let error = if message.kind == Kind::Info {
                    "[`Error::Info`](crate::Error::Info) (`status: info`)"
                } else {
                    "[`Error::Service`](crate::Error::Service)"
                };
                let variant = variants
                    .iter()
                    .find(|v| matches_variant(v, &message.text))
                    .map(|v| format!(" [`ServiceMessage::{0}`]:", v.name))
                    .unwrap_or_default();
                format!("- {error}{variant} \"{}\"", message.text)
            }
            (Kind::Status(status), _) => format!(
                "- HTTP {status} ([`Error::Api`](crate::Error::Api)): \"{}\"",
                message.text
            ),
            _ => format!("- \"{}\"", message.text),
        };
        text.push_str(&line);
        text.push('\n');
    }
    text.push_str(
        "\nAs every call, it can also fail to reach the service or to read its answer \
         ([`Error::Transport`](crate::Error::Transport), `is_timeout()`), or get an answer outside the spec \
         ([`Error::UnexpectedStatus`](crate::Error::UnexpectedStatus), \
         [`Error::UnexpectedBody`](crate::Error::UnexpectedBody)).",
    );
    let lines = text.lines().map(|line| {
        let line = format!(" {line}");
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// Whether `text` is the message `variant` stands for.
fn matches_variant(variant: &Variant, text: &str) -> bool {
    let text = text.trim();
    match &variant.suffix {
        None => variant.prefix == text,
        Some(suffix) => text
            .strip_prefix(variant.prefix.as_str())
            .and_then(|rest| rest.strip_suffix(suffix.as_str()))
            .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())),
    }
}

/// `ServiceMessage`: the API's documented messages, to match on instead of comparing text.
fn message_enum(variants: &[Variant]) -> TokenStream {
    let declarations = variants.iter().map(|variant| {
        let name = ident(&variant.name);
        match &variant.suffix {
            None => {
                let doc = format!(" \"{}\"", variant.example);
                quote!(#[doc = #doc] #name,)
            }
            Some(_) => {
                let doc = format!(
                    " \"{}\", with the number the service put where the example has one.",
                    variant.example
                );
                quote!(#[doc = #doc] #name(i64),)
            }
        }
    });
    let fixed = variants
        .iter()
        .filter(|v| v.suffix.is_none())
        .map(|variant| {
            let name = ident(&variant.name);
            let text = &variant.prefix;
            quote!(#text => return Self::#name,)
        });
    let numbered = variants.iter().filter_map(|variant| {
        let suffix = variant.suffix.as_ref()?;
        let name = ident(&variant.name);
        let prefix = &variant.prefix;
        Some(quote! {
            if let ::std::option::Option::Some(number) = number_between(text, #prefix, #suffix) {
                return Self::#name(number);
            }
        })
    });
    let texts = variants.iter().map(|variant| {
        let name = ident(&variant.name);
        let prefix = &variant.prefix;
        match &variant.suffix {
            None => quote!(Self::#name => ::std::borrow::Cow::Borrowed(#prefix),),
            Some(suffix) => quote! {
                Self::#name(number) => ::std::borrow::Cow::Owned(::std::format!("{}{}{}", #prefix, number, #suffix)),
            },
        }
    });
    quote! {
        /// A message the spec documents the service answering with, so that callers match on a variant
        /// instead of comparing text; any other message is kept in `Other`, as the service sent it.
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum ServiceMessage {
            #(#declarations)*
            /// A message the spec does not document, as the service sent it.
            Other(::std::string::String),
        }

        impl ServiceMessage {
            /// The variant `text` is (spaces around it aside); `Other`, with the text as it is, when the
            /// spec does not document it.
            pub fn parse(text: &str) -> Self {
                let original = text;
                let text = text.trim();
                match text {
                    #(#fixed)*
                    _ => {}
                }
                #(#numbered)*
                Self::Other(original.to_owned())
            }

            /// The message as the spec documents it (as the service sent it, for `Other`).
            pub fn text(&self) -> ::std::borrow::Cow<'_, str> {
                match self {
                    #(#texts)*
                    Self::Other(text) => ::std::borrow::Cow::Borrowed(text.as_str()),
                }
            }
        }

        impl ::std::fmt::Display for ServiceMessage {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.text())
            }
        }

        /// The number in `text` between `prefix` and `suffix`, when that is all there is.
        fn number_between(text: &str, prefix: &str, suffix: &str) -> ::std::option::Option<i64> {
            let digits = text.strip_prefix(prefix)?.strip_suffix(suffix)?;
            if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
                return ::std::option::Option::None;
            }
            digits.parse().ok()
        }
    }
}

fn given_helper(empty_is_missing: bool) -> TokenStream {
    let empty = if empty_is_missing {
        quote!(::std::result::Result::Ok(::serde_json::Value::String(text)) => !text.is_empty(),)
    } else {
        quote!()
    };
    quote! {
        /// Whether a value counts as given for an at-least-one-of rule: present, and (where the API reads
        /// empty values as missing) not empty text.
        fn given<T: ::serde::Serialize>(value: &T) -> bool {
            match ::serde_json::to_value(value) {
                ::std::result::Result::Ok(::serde_json::Value::Null) => false,
                #empty
                _ => true,
            }
        }
    }
}

fn same(a: &Type, b: &Type) -> bool {
    quote!(#a).to_string() == quote!(#b).to_string()
}
