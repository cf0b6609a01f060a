//! A spending limit on what a deserializer may produce, so that YAML aliases cannot amplify a
//! small file into gigabytes.
//!
//! An alias (`*name`) repeats its anchored node wherever it is used: 2,000 uses of a 4 MiB
//! string are 8 GB of strings from a 4 MB file. [`Budgeted`] wraps any serde [`Deserializer`]
//! and charges every value it hands to the reader — the bytes of each string, one unit per
//! other value — against a [`Budget`]; once spent, deserialization stops with an error (which
//! the YAML reader turns into a located diagnostic). Values that the reader skips (unknown keys,
//! through `deserialize_ignored_any`) are never expanded and cost nothing.
//!
//! A file without aliases produces at most as many string bytes as it has, plus one unit for
//! each value, which needs at least two bytes (`a,`): give it a budget of twice its size and it
//! never runs out.

use std::cell::Cell;
use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};

/// What [`Budgeted`] may still produce, in bytes of strings plus one per value.
#[derive(Debug)]
pub struct Budget {
    left: Cell<u64>,
    limit: u64,
}

/// The message of the error a spent budget ends deserialization with; the YAML reader
/// recognises it by this prefix.
pub const SPENT: &str = "values expand beyond";

impl Budget {
    pub fn new(limit: u64) -> Budget {
        Budget {
            left: Cell::new(limit),
            limit,
        }
    }

    /// The budget for a document of `len` bytes: twice its size (see the module notes), and at
    /// least 64 KiB so that small files may use aliases freely.
    pub fn for_document(len: usize) -> Budget {
        Budget::new((len as u64).saturating_mul(2).max(64 * 1024))
    }

    /// What has been charged so far.
    pub fn spent(&self) -> u64 {
        self.limit - self.left.get()
    }

    /// The most this budget allows.
    pub fn limit(&self) -> u64 {
        self.limit
    }

    fn charge<E: de::Error>(&self, cost: u64) -> Result<(), E> {
        match self.left.get().checked_sub(cost) {
            Some(left) => {
                self.left.set(left);
                Ok(())
            }
            None => Err(E::custom(format_args!(
                "{SPENT} {} bytes (aliases repeat an anchored value too often)",
                self.limit
            ))),
        }
    }
}

/// A [`Deserializer`] that charges what it produces to a [`Budget`].
pub struct Budgeted<'b, D> {
    inner: D,
    budget: &'b Budget,
}

impl<'b, D> Budgeted<'b, D> {
    pub fn new(inner: D, budget: &'b Budget) -> Self {
        Budgeted { inner, budget }
    }
}

/// The same budget around a visitor, a seed or an access.
struct Wrap<'b, X> {
    inner: X,
    budget: &'b Budget,
}

impl<'b, X> Wrap<'b, X> {
    fn new(inner: X, budget: &'b Budget) -> Self {
        Wrap { inner, budget }
    }
}

macro_rules! forward_deserialize {
    ($($method:ident),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
                self.inner.$method(Wrap::new(visitor, self.budget))
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Budgeted<'_, D> {
    type Error = D::Error;

    forward_deserialize!(
        deserialize_any,
        deserialize_bool,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_str,
        deserialize_string,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_option,
        deserialize_unit,
        deserialize_seq,
        deserialize_map,
        deserialize_identifier,
    );

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner
            .deserialize_unit_struct(name, Wrap::new(visitor, self.budget))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner
            .deserialize_newtype_struct(name, Wrap::new(visitor, self.budget))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner
            .deserialize_tuple(len, Wrap::new(visitor, self.budget))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner
            .deserialize_tuple_struct(name, len, Wrap::new(visitor, self.budget))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner
            .deserialize_struct(name, fields, Wrap::new(visitor, self.budget))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner
            .deserialize_enum(name, variants, Wrap::new(visitor, self.budget))
    }

    /// Skipped values are not expanded by the reader below, so they are free.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_ignored_any(visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

macro_rules! charge_and_forward {
    ($($method:ident($ty:ty) = $cost:expr),* $(,)?) => {
        $(
            fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
                #[allow(clippy::redundant_closure_call)]
                self.budget.charge(($cost)(&v))?;
                self.inner.$method(v)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    charge_and_forward!(
        visit_bool(bool) = |_: &bool| 1,
        visit_i8(i8) = |_: &i8| 1,
        visit_i16(i16) = |_: &i16| 1,
        visit_i32(i32) = |_: &i32| 1,
        visit_i64(i64) = |_: &i64| 1,
        visit_i128(i128) = |_: &i128| 1,
        visit_u8(u8) = |_: &u8| 1,
        visit_u16(u16) = |_: &u16| 1,
        visit_u32(u32) = |_: &u32| 1,
        visit_u64(u64) = |_: &u64| 1,
        visit_u128(u128) = |_: &u128| 1,
        visit_f32(f32) = |_: &f32| 1,
        visit_f64(f64) = |_: &f64| 1,
        visit_char(char) = |_: &char| 1,
        visit_str(&str) = |v: &&str| 1 + v.len() as u64,
        visit_borrowed_str(&'de str) = |v: &&str| 1 + v.len() as u64,
        visit_string(String) = |v: &String| 1 + v.len() as u64,
        visit_bytes(&[u8]) = |v: &&[u8]| 1 + v.len() as u64,
        visit_borrowed_bytes(&'de [u8]) = |v: &&[u8]| 1 + v.len() as u64,
        visit_byte_buf(Vec<u8>) = |v: &Vec<u8>| 1 + v.len() as u64,
    );

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.budget.charge(1)?;
        self.inner.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.budget.charge(1)?;
        self.inner.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.inner.visit_some(Budgeted::new(d, self.budget))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.inner
            .visit_newtype_struct(Budgeted::new(d, self.budget))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.budget.charge(1)?;
        self.inner.visit_seq(Wrap::new(seq, self.budget))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.budget.charge(1)?;
        self.inner.visit_map(Wrap::new(map, self.budget))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.budget.charge(1)?;
        self.inner.visit_enum(Wrap::new(data, self.budget))
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Wrap<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.inner.deserialize(Budgeted::new(d, self.budget))
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Wrap<'_, A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.inner.next_element_seed(Wrap::new(seed, self.budget))
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Wrap<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.inner.next_key_seed(Wrap::new(seed, self.budget))
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.inner.next_value_seed(Wrap::new(seed, self.budget))
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, 'b, A: EnumAccess<'de>> EnumAccess<'de> for Wrap<'b, A> {
    type Error = A::Error;
    type Variant = Wrap<'b, A::Variant>;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), A::Error> {
        let budget = self.budget;
        let (value, variant) = self.inner.variant_seed(Wrap::new(seed, budget))?;
        Ok((value, Wrap::new(variant, budget)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Wrap<'_, A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.inner.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.inner
            .newtype_variant_seed(Wrap::new(seed, self.budget))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.inner
            .tuple_variant(len, Wrap::new(visitor, self.budget))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.inner
            .struct_variant(fields, Wrap::new(visitor, self.budget))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde::de::value::{Error, MapDeserializer, SeqDeserializer, StrDeserializer};

    #[test]
    fn charges_strings_and_values_and_stops_when_spent() {
        let items = vec!["abcd"; 10];
        let budget = Budget::new(1000);
        let de: SeqDeserializer<_, Error> = SeqDeserializer::new(items.clone().into_iter());
        let v = Vec::<String>::deserialize(Budgeted::new(de, &budget)).unwrap();
        assert_eq!(v.len(), 10);
        // The sequence (1) and ten strings of 1 + 4.
        assert_eq!(budget.left.get(), 1000 - 1 - 10 * 5);

        let budget = Budget::new(30);
        let de: SeqDeserializer<_, Error> = SeqDeserializer::new(items.into_iter());
        let e = Vec::<String>::deserialize(Budgeted::new(de, &budget)).unwrap_err();
        assert!(e.to_string().starts_with(SPENT), "{e}");
    }

    #[test]
    fn reaches_into_maps() {
        #[derive(Deserialize)]
        struct Doc {
            #[allow(dead_code)]
            name: String,
        }
        let budget = Budget::new(1000);
        let de: MapDeserializer<_, Error> =
            MapDeserializer::new(vec![("name", "0123456789")].into_iter());
        Doc::deserialize(Budgeted::new(de, &budget)).unwrap();
        // The map, the key, the value.
        assert_eq!(budget.left.get(), 1000 - 1 - 5 - 11);
        let budget = Budget::new(3);
        let de: StrDeserializer<Error> = StrDeserializer::new("0123456789");
        assert!(String::deserialize(Budgeted::new(de, &budget)).is_err());
    }
}
