//! `properties` beside a `oneOf`/`anyOf` (`tests/fixtures/compositions.yaml`): common to every
//! object alternative, which is a struct of them and its own; other alternatives stay what
//! they are (`properties` only constrain objects). Lob's `return_envelope` is `false` or an
//! envelope object this way. Also a `oneOf` without discriminator whose alternatives each
//! list their own values of a `type` enum.

use fixture_client::compositions::{
    CardDetails, DogBark, Envelope, EnvelopeVariant2, LabelledDog, NameOrCompany, PaymentMethod,
    TaggedPet, TaggedPetVariant1, TaggedPetVariant2,
};
use serde_json::json;

#[test]
fn a_boolean_alternative_stays_a_boolean_and_the_object_one_has_the_common_properties() {
    let envelope: Envelope = serde_json::from_value(json!(false)).unwrap();
    assert_eq!(envelope, Envelope::Boolean(false));
    let envelope: Envelope = serde_json::from_value(json!({"id": "env_1"})).unwrap();
    assert_eq!(
        envelope,
        Envelope::EnvelopeVariant2(EnvelopeVariant2 {
            id: Some("env_1".to_owned())
        })
    );
    assert_eq!(
        serde_json::to_value(&envelope).unwrap(),
        json!({"id": "env_1"})
    );
}

#[test]
fn every_object_alternative_has_the_common_properties_and_required_ones() {
    let pet: TaggedPet = serde_json::from_value(json!({"tag": "t", "meow": true})).unwrap();
    let TaggedPet::TaggedPetVariant2(TaggedPetVariant2 { tag, meow }) = &pet else {
        panic!("{pet:?}");
    };
    assert_eq!((tag.as_str(), *meow), ("t", true));
    let pet: TaggedPet =
        serde_json::from_value(json!({"tag": "d", "name": "Rex", "age": 3, "bark": "woof"}))
            .unwrap();
    assert!(matches!(
        pet,
        TaggedPet::TaggedPetVariant1(TaggedPetVariant1 { age: 3, .. })
    ));
    // The common `tag` is required in every alternative.
    assert!(serde_json::from_value::<TaggedPet>(json!({"meow": true})).is_err());
}

#[test]
fn alternatives_that_only_require_properties_leave_one_struct() {
    let value: NameOrCompany = serde_json::from_value(json!({"company": "Lob"})).unwrap();
    assert_eq!(
        value,
        NameOrCompany {
            name: None,
            company: Some("Lob".to_owned())
        }
    );
}

#[test]
fn alternatives_listing_their_own_type_values_are_decoded_by_it() {
    // The card alternative (nothing required, its `type` enum keeps unknown values) would take
    // a wallet first and drop its token.
    let wallet = json!({"type": "applepay", "token": "t"});
    let method: PaymentMethod = serde_json::from_value(wallet.clone()).unwrap();
    assert!(
        matches!(method, PaymentMethod::WalletDetails(_)),
        "{method:?}"
    );
    assert_eq!(serde_json::to_value(&method).unwrap(), wallet);
    // Without a listed value: the first alternative that fits.
    for value in [
        json!({"number": "4111"}),
        json!({"type": "new", "number": "4111"}),
    ] {
        let method: PaymentMethod = serde_json::from_value(value.clone()).unwrap();
        assert!(matches!(
            method,
            PaymentMethod::CardDetails(CardDetails { .. })
        ));
        assert_eq!(serde_json::to_value(&method).unwrap(), value);
    }
    assert!(serde_json::from_value::<PaymentMethod>(json!(3)).is_err());
}

#[test]
fn an_all_of_beside_properties_has_both() {
    let dog: LabelledDog =
        serde_json::from_value(json!({"name": "Rex", "age": 3, "bark": "woof", "label": "l"}))
            .unwrap();
    assert_eq!(
        (dog.name.as_str(), dog.age, dog.label.as_str()),
        ("Rex", 3, "l")
    );
    assert_eq!(dog.bark, DogBark::Woof);
}
