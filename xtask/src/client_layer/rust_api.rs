//! What progenitor generated, read back from its tokens: each operation method's parameters and
//! success type, and the shape of the `types` the facade layer builds or unwraps.
//!
//! The facade calls these methods, so it takes their signatures as progenitor wrote them rather than
//! predicting them from the spec (adaptations may rename or drop parameters).

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use proc_macro2::TokenStream;
use syn::{Fields, GenericArgument, ImplItem, Item, PathArguments, Type};

/// progenitor's client, as far as the facade layer needs it.
pub struct RustApi {
    /// Operation methods of `Client`, by method name.
    pub methods: BTreeMap<String, Method>,
    /// Types of the `types` module, by name.
    pub types: BTreeMap<String, TypeShape>,
}

/// One operation method of `Client`.
pub struct Method {
    /// Parameters after `&self`, in order.
    pub params: Vec<(String, Type)>,
    /// `T` of `ResponseValue<T>`: the success body.
    pub success: Type,
}

/// A type of the `types` module.
pub enum TypeShape {
    /// Named fields: the JSON name (after `serde(rename)`), the field name and its type.
    Struct(Vec<Field>),
    /// `struct X(pub T)`.
    Newtype(Type),
    /// An enum whose variants each hold one value: variant name and its type.
    Enum(Vec<(String, Type)>),
    Other,
}

pub struct Field {
    pub json: String,
    pub ident: String,
    pub ty: Type,
}

impl RustApi {
    /// Reads progenitor's output.
    pub fn read(client: &TokenStream) -> Result<Self> {
        let file: syn::File =
            syn::parse2(client.clone()).context("the generated client does not parse")?;
        let mut api = Self {
            methods: BTreeMap::new(),
            types: BTreeMap::new(),
        };
        for item in &file.items {
            match item {
                Item::Impl(block) if block.trait_.is_none() && is_client(&block.self_ty) => {
                    for item in &block.items {
                        if let ImplItem::Fn(method) = item {
                            if method.sig.asyncness.is_some() {
                                if let Some(found) = read_method(&method.sig) {
                                    api.methods.insert(method.sig.ident.to_string(), found);
                                }
                            }
                        }
                    }
                }
                Item::Mod(module) if module.ident == "types" => {
                    for item in module.content.iter().flat_map(|(_, items)| items) {
                        if let Some((name, shape)) = read_type(item) {
                            api.types.insert(name, shape);
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(api)
    }

    /// The shape of `ty` when it names a type of the `types` module (`types::X` or `X`).
    pub fn shape(&self, ty: &Type) -> Option<&TypeShape> {
        self.types.get(&types_name(ty)?)
    }
}

/// The name of a `types` type written `types::X` (outside the module) or `X` (inside it).
pub fn types_name(ty: &Type) -> Option<String> {
    let Type::Path(path) = ty else { return None };
    if path.qself.is_some() || path.path.leading_colon.is_some() {
        return None;
    }
    let segments: Vec<_> = path.path.segments.iter().collect();
    let last = match segments.as_slice() {
        [only] => only,
        [module, last] if module.ident == "types" => last,
        _ => return None,
    };
    matches!(last.arguments, PathArguments::None).then(|| last.ident.to_string())
}

fn is_client(ty: &Type) -> bool {
    matches!(ty, Type::Path(path) if path.path.is_ident("Client"))
}

fn read_method(sig: &syn::Signature) -> Option<Method> {
    let params = sig
        .inputs
        .iter()
        .filter_map(|input| match input {
            syn::FnArg::Typed(typed) => match &*typed.pat {
                syn::Pat::Ident(ident) => Some((ident.ident.to_string(), (*typed.ty).clone())),
                _ => None,
            },
            syn::FnArg::Receiver(_) => None,
        })
        .collect();
    let syn::ReturnType::Type(_, output) = &sig.output else {
        return None;
    };
    // Result<ResponseValue<T>, Error<E>>
    let ok = generic_arg(output, 0)?;
    let success = generic_arg(&ok, 0)?;
    Some(Method { params, success })
}

/// The `index`th type argument of the last segment of a path type.
pub fn generic_arg(ty: &Type, index: usize) -> Option<Type> {
    let Type::Path(path) = ty else { return None };
    let PathArguments::AngleBracketed(args) = &path.path.segments.last()?.arguments else {
        return None;
    };
    args.args
        .iter()
        .filter_map(|arg| match arg {
            GenericArgument::Type(ty) => Some(ty.clone()),
            _ => None,
        })
        .nth(index)
}

fn read_type(item: &Item) -> Option<(String, TypeShape)> {
    match item {
        Item::Struct(item) => {
            let shape = match &item.fields {
                Fields::Named(fields) => TypeShape::Struct(
                    fields
                        .named
                        .iter()
                        .filter_map(|field| {
                            let ident = field.ident.as_ref()?.to_string();
                            let json = serde_rename(&field.attrs).unwrap_or_else(|| ident.clone());
                            Some(Field {
                                json,
                                ident,
                                ty: field.ty.clone(),
                            })
                        })
                        .collect(),
                ),
                // Only a public inner value can be unwrapped outside the module.
                Fields::Unnamed(fields)
                    if fields.unnamed.len() == 1
                        && matches!(fields.unnamed[0].vis, syn::Visibility::Public(_)) =>
                {
                    TypeShape::Newtype(fields.unnamed[0].ty.clone())
                }
                _ => TypeShape::Other,
            };
            Some((item.ident.to_string(), shape))
        }
        Item::Enum(item) => {
            let variants = item
                .variants
                .iter()
                .map(|variant| match &variant.fields {
                    Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
                        Some((variant.ident.to_string(), fields.unnamed[0].ty.clone()))
                    }
                    _ => None,
                })
                .collect::<Option<Vec<_>>>();
            let shape = variants.map_or(TypeShape::Other, TypeShape::Enum);
            Some((item.ident.to_string(), shape))
        }
        _ => None,
    }
}

/// `#[serde(rename = "...")]` on a field.
fn serde_rename(attrs: &[syn::Attribute]) -> Option<String> {
    let mut found = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                found = Some(value.value());
            } else if meta.input.peek(syn::Token![=]) {
                // Another `key = value` (e.g. `skip_serializing_if`): skip its value.
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn reads_methods_and_types() {
        let client = quote! {
            pub mod types {
                pub struct Form {
                    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
                    pub email: ::std::option::Option<::std::string::String>,
                    #[serde(rename = "type")]
                    pub type_: ::std::string::String,
                }
                pub struct List(pub ::std::vec::Vec<Form>);
                #[serde(untagged)]
                pub enum Answer { ErrorEnvelope(ErrorEnvelope), List(List) }
            }
            impl Client {
                pub fn new(baseurl: &str) -> Self { todo!() }
                pub async fn get_it<'a>(&'a self, api_key: &'a str, id: Option<i64>)
                    -> Result<ResponseValue<types::Answer>, Error<()>> { todo!() }
            }
        };
        let api = RustApi::read(&client).unwrap();
        let method = &api.methods["get_it"];
        let names: Vec<_> = method.params.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["api_key", "id"]);
        assert_eq!(types_name(&method.success).as_deref(), Some("Answer"));
        assert!(!api.methods.contains_key("new"));
        let Some(TypeShape::Struct(fields)) = api.types.get("Form") else {
            panic!("Form is a struct")
        };
        let json: Vec<_> = fields
            .iter()
            .map(|f| (f.json.as_str(), f.ident.as_str()))
            .collect();
        assert_eq!(json, [("email", "email"), ("type", "type_")]);
        assert!(matches!(api.types.get("List"), Some(TypeShape::Newtype(_))));
        let Some(TypeShape::Enum(variants)) = api.types.get("Answer") else {
            panic!("Answer is an enum")
        };
        assert_eq!(variants[0].0, "ErrorEnvelope");
    }
}
