//! Run-time behaviour of the compiled fixture types: what the generated serde code puts on
//! and reads off the wire.
//!
//! Each section names the fixture it exercises (`tests/fixtures/<stem>.yaml`, compiled as
//! `fixture_client::<stem>`).

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use serde_json::{json, Value};

mod support;

fn at_2015() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2015, 7, 30, 20, 0, 0).unwrap()
}

/// The object's keys, sorted (serde_json's map is ordered by key).
fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

mod enums {
    use super::*;
    use fixture_client::enums::{Channel, ListMessagesParams, Message, Status};

    #[test]
    fn unknown_values_round_trip_through_the_catch_all() {
        let status: Status = serde_json::from_value(json!("brand-new")).unwrap();
        // `unknown` is a known value here, so the catch-all is `UnknownValue`.
        assert_eq!(status, Status::UnknownValue("brand-new".to_owned()));
        assert_eq!(serde_json::to_value(&status).unwrap(), json!("brand-new"));
        assert_eq!(status.as_str(), "brand-new");

        let channel: Channel = serde_json::from_value(json!("telegram")).unwrap();
        assert_eq!(channel, Channel::Unknown("telegram".to_owned()));
        assert_eq!(serde_json::to_value(&channel).unwrap(), json!("telegram"));
    }

    #[test]
    fn odd_values_decode_to_their_variants_and_back() {
        let cases = [
            ("queued", Status::Queued),
            ("in-progress", Status::InProgress),
            ("in_progress", Status::InProgress2),
            ("~predicted-csat", Status::PredictedCsat),
            ("1", Status::V1),
            ("", Status::Empty),
            ("unknown", Status::Unknown),
            ("self", Status::Self_),
            ("type", Status::Type),
        ];
        for (wire, variant) in cases {
            let decoded: Status = serde_json::from_value(json!(wire)).unwrap();
            assert_eq!(decoded, variant, "{wire:?}");
            assert_eq!(serde_json::to_value(&variant).unwrap(), json!(wire));
            assert_eq!(variant.to_string(), wire);
            assert_eq!(wire.parse::<Status>().unwrap(), variant);
            assert_eq!(Status::from(wire), variant);
        }
    }

    #[test]
    fn case_only_collisions_stay_distinct() {
        let cases = [
            ("whatsapp", Channel::Whatsapp),
            ("whAtsAPP", Channel::WhAtsApp),
            ("WHATSAPP", Channel::Whatsapp2),
            ("sms", Channel::Sms),
        ];
        for (wire, variant) in cases {
            let decoded: Channel = serde_json::from_value(json!(wire)).unwrap();
            assert_eq!(decoded, variant, "{wire:?}");
            assert_eq!(variant.as_str(), wire);
        }
        // Matching is exact: another casing is an unknown value, kept verbatim.
        assert_eq!(
            Channel::from("WhatsApp"),
            Channel::Unknown("WhatsApp".to_owned())
        );
    }

    #[test]
    fn inline_enums_and_enum_arrays_decode() {
        let message: Message = serde_json::from_value(json!({
            "status": "~predicted-csat",
            "direction": "outbound-api",
            "history": ["queued", "", "later"],
            "priority": 2,
        }))
        .unwrap();
        assert_eq!(message.status, Status::PredictedCsat);
        assert_eq!(
            message.direction,
            Some(fixture_client::enums::MessageDirection::OutboundApi)
        );
        assert_eq!(
            message.history,
            Some(vec![
                Status::Queued,
                Status::Empty,
                Status::UnknownValue("later".to_owned())
            ])
        );
        // An integer enum is just its integer type.
        assert_eq!(message.priority, Some(2));
    }

    #[test]
    fn enum_query_parameters_use_wire_values_and_skip_headers() {
        let params = ListMessagesParams {
            status: Some(Status::InProgress),
            order: Some(fixture_client::enums::ListMessagesParamsOrder::Desc),
            statuses: Some(vec![Status::V1, Status::PredictedCsat]),
            x_priority: Some(fixture_client::enums::ListMessagesParamsXPriority::High),
        };
        assert_eq!(
            serde_html_form::to_string(&params).unwrap(),
            "Status=in-progress&Order=desc&Statuses=1&Statuses=%7Epredicted-csat"
        );
    }
}

mod keywords {
    use super::*;
    use fixture_client::keywords_and_digits::{
        types, FooBar, FooBar2, FooBar3, Keywords, NewParams, Shadows,
    };

    fn keywords() -> Keywords {
        Keywords {
            r#type: "t".into(),
            r#ref: Some("r".into()),
            self_: Some("s".into()),
            crate_: Some("c".into()),
            super_: Some("su".into()),
            r#gen: Some("g".into()),
            r#match: Some("m".into()),
            r#move: Some("mo".into()),
            r#async: Some(true),
            _2fa: Some(false),
            _123: Some(123),
            plus_1: Some(1),
            minus_1: Some(-1),
            ref_2: Some("dollar-ref".into()),
            id: Some("at-id".into()),
            date_sent_before: Some(at_2015()),
            date_sent_after: Some(at_2015()),
            notifications_new_message_enabled: Some(true),
        }
    }

    #[test]
    fn keyword_and_digit_fields_serialize_with_their_wire_names() {
        let value = serde_json::to_value(keywords()).unwrap();
        let mut expected = [
            "type",
            "ref",
            "self",
            "crate",
            "super",
            "gen",
            "match",
            "move",
            "async",
            "2fa",
            "123",
            "+1",
            "-1",
            "$ref",
            "@id",
            "DateSent<",
            "DateSent>",
            "Notifications.NewMessage.Enabled",
        ];
        expected.sort_unstable();
        assert_eq!(keys(&value), expected);
        assert_eq!(value["$ref"], "dollar-ref");
        assert_eq!(value["ref"], "r");
        assert_eq!(value["DateSent<"], "2015-07-30T20:00:00Z");
        let back: Keywords = serde_json::from_value(value).unwrap();
        assert_eq!(back, keywords());
    }

    #[test]
    fn keyword_fields_in_a_form_body() {
        let body = Keywords {
            r#type: "a b".into(),
            _2fa: Some(true),
            date_sent_before: Some(at_2015()),
            ..Default::default()
        };
        assert_eq!(
            serde_html_form::to_string(&body).unwrap(),
            "type=a+b&2fa=true&DateSent%3C=2015-07-30T20%3A00%3A00Z"
        );
    }

    #[test]
    fn date_sent_before_is_sent_as_date_sent_lt_in_the_query() {
        let params = NewParams {
            date_sent: Some(at_2015()),
            date_sent_before: Some(at_2015()),
            date_sent_after: Some(Utc.with_ymd_and_hms(2015, 7, 1, 0, 0, 0).unwrap()),
            r#type: Some("sms".into()),
            _2fa: Some(true),
            notifications_new_message_enabled: Some(false),
        };
        assert_eq!(
            serde_html_form::to_string(&params).unwrap(),
            "DateSent=2015-07-30T20%3A00%3A00Z\
             &DateSent%3C=2015-07-30T20%3A00%3A00Z\
             &DateSent%3E=2015-07-01T00%3A00%3A00Z\
             &type=sms\
             &2fa=true\
             &Notifications.NewMessage.Enabled=false"
        );
        // Unset parameters are left out entirely.
        let only_before = NewParams {
            date_sent_before: Some(at_2015()),
            ..Default::default()
        };
        assert_eq!(
            serde_html_form::to_string(&only_before).unwrap(),
            "DateSent%3C=2015-07-30T20%3A00%3A00Z"
        );
    }

    #[test]
    fn schemas_named_like_std_types_do_not_shadow_std() {
        let shadows: Shadows = serde_json::from_value(json!({
            "plain": "p",
            "maybe": "m",
            "list": ["a"],
            "option": {"value": "o"},
            "string": {"value": "s"},
            "vec": {"value": "v"},
            "result": {"value": "r"},
            "box": {"value": "b"},
            "default": {"value": "d", "Self": "S"},
            "self": {"value": "self"},
            "error": {"code": 20404},
            "client": {"name": "c"},
            "foo_dot_bar": {"dotted": "."},
            "foo_under_bar": {"underscored": "_"},
            "foo_camel_bar": {"camel": "C"},
        }))
        .unwrap();
        // Real std types where std types were meant...
        let plain: &String = &shadows.plain;
        let maybe: Option<&String> = shadows.maybe.as_ref();
        assert_eq!(
            (plain.as_str(), maybe.map(String::as_str)),
            ("p", Some("m"))
        );
        // ...and the schema types where the spec referred to them.
        assert_eq!(shadows.option.unwrap().value.as_deref(), Some("o"));
        assert_eq!(shadows.string.unwrap().value.as_deref(), Some("s"));
        assert_eq!(shadows.r#box.unwrap().value.as_deref(), Some("b"));
        let default = shadows.default.unwrap();
        assert_eq!(default.self_.as_deref(), Some("S"));
        let error: types::Error = shadows.error.unwrap();
        assert_eq!(error.code, Some(20404));
        let client: types::Client = shadows.client.unwrap();
        assert_eq!(client.name.as_deref(), Some("c"));
        // Three schemas whose names sanitize alike stay three types.
        assert_eq!(
            shadows.foo_dot_bar,
            Some(FooBar {
                dotted: Some(".".into())
            })
        );
        assert_eq!(
            shadows.foo_under_bar,
            Some(FooBar2 {
                underscored: Some("_".into())
            })
        );
        assert_eq!(
            shadows.foo_camel_bar,
            Some(FooBar3 {
                camel: Some("C".into())
            })
        );
        // At the module root `Error` and `Client` are the runtime's.
        let _: fn(&fixture_client::keywords_and_digits::Error) -> Option<u16> =
            fixture_client::keywords_and_digits::Error::status;
    }
}

mod nullable {
    use super::*;
    use fixture_client::required_optional_nullable::{AllOptional, Record, Status, Tag};

    fn minimal_json() -> Value {
        json!({
            "required_string": "s",
            "required_nullable_string": null,
            "required_int": 1,
            "required_nullable_int": null,
            "required_date_time": "2015-07-30T20:00:00Z",
            "required_nullable_date_time": null,
            "required_array": [],
            "required_nullable_array": null,
            "required_object": {"name": "t"},
            "required_nullable_object": null,
            "required_enum": "active",
            "required_nullable_ref": null,
        })
    }

    #[test]
    fn missing_and_null_both_decode_to_none() {
        let record: Record = serde_json::from_value(minimal_json()).unwrap();
        assert_eq!(record.optional_string, None);
        assert_eq!(record.required_nullable_string, None);
        assert_eq!(record.optional_date_time, None);
        assert_eq!(record.required_nullable_date_time, None);
        assert_eq!(record.required_nullable_object, None);

        let mut explicit_nulls = minimal_json();
        for key in [
            "optional_string",
            "nullable_string",
            "optional_int",
            "nullable_int",
            "optional_date_time",
            "nullable_date_time",
            "optional_array",
            "optional_object",
            "optional_enum",
            "optional_nullable_ref",
        ] {
            explicit_nulls[key] = Value::Null;
        }
        let with_nulls: Record = serde_json::from_value(explicit_nulls).unwrap();
        assert_eq!(with_nulls, record);

        // Required+nullable fields are lenient when missing altogether.
        let mut missing = minimal_json();
        for key in [
            "required_nullable_string",
            "required_nullable_int",
            "required_nullable_date_time",
            "required_nullable_array",
            "required_nullable_object",
            "required_nullable_ref",
        ] {
            missing.as_object_mut().unwrap().remove(key);
        }
        assert_eq!(serde_json::from_value::<Record>(missing).unwrap(), record);
    }

    #[test]
    fn required_fields_are_required() {
        let mut value = minimal_json();
        value.as_object_mut().unwrap().remove("required_string");
        let error = serde_json::from_value::<Record>(value).unwrap_err();
        assert!(error.to_string().contains("required_string"), "{error}");

        let mut value = minimal_json();
        value.as_object_mut().unwrap().remove("required_date_time");
        assert!(serde_json::from_value::<Record>(value).is_err());
    }

    #[test]
    fn none_is_omitted_unless_required_and_nullable() {
        let record: Record = serde_json::from_value(minimal_json()).unwrap();
        let value = serde_json::to_value(&record).unwrap();
        // Exactly the required fields are present; the nullable ones as `null`.
        assert_eq!(value, minimal_json());
    }

    #[test]
    fn some_values_round_trip() {
        let mut value = minimal_json();
        value["required_nullable_string"] = json!("x");
        value["nullable_int"] = json!(7);
        value["required_nullable_date_time"] = json!("2015-07-30T20:00:00Z");
        value["optional_object"] = json!({"name": "o"});
        value["optional_enum"] = json!("paused");
        value["optional_nullable_ref"] = json!({"text": "n"});
        let record: Record = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(record.required_nullable_string.as_deref(), Some("x"));
        assert_eq!(record.required_nullable_date_time, Some(at_2015()));
        assert_eq!(record.optional_object, Some(Tag { name: "o".into() }));
        assert_eq!(
            record.optional_enum,
            Some(Status::Unknown("paused".to_owned()))
        );
        assert_eq!(serde_json::to_value(&record).unwrap(), value);
    }

    #[test]
    fn all_optional_structs_default_to_an_empty_object() {
        let partial = AllOptional {
            b: Some(2),
            ..Default::default()
        };
        assert_eq!(serde_json::to_value(&partial).unwrap(), json!({"b": 2}));
        assert_eq!(
            serde_json::to_value(AllOptional::default()).unwrap(),
            json!({})
        );
    }
}

mod primitives {
    use super::*;
    use fixture_client::primitives::{FetchPrimitivesParams, Primitives};

    fn primitives_json(date_time: &str, date_time_2822: &str) -> Value {
        json!({
            "a_string": "s",
            "an_int32": -2147483648_i64,
            "an_int64": 9007199254740993_i64,
            "an_integer": 3,
            "a_number": 1.5,
            "a_float": 0.25,
            "a_double": 2.0,
            "a_boolean": true,
            "a_date": "2015-07-30",
            "a_date_time": date_time,
            "a_date_time_2822": date_time_2822,
            "a_uri": "https://example.com/x",
            "an_unknown_format": "+15005550006",
            "anything": {"nested": [1, "two", null]},
        })
    }

    #[test]
    fn date_times_decode_from_rfc3339_and_rfc2822() {
        for (a, b) in [
            ("2015-07-30T20:00:00Z", "Thu, 30 Jul 2015 20:00:00 +0000"),
            ("Thu, 30 Jul 2015 20:00:00 +0000", "2015-07-30T20:00:00Z"),
            (
                "2015-07-30T22:00:00+02:00",
                "Thu, 30 Jul 2015 16:00:00 -0400",
            ),
        ] {
            let decoded: Primitives = serde_json::from_value(primitives_json(a, b)).unwrap();
            assert_eq!(decoded.a_date_time, at_2015(), "{a}");
            assert_eq!(decoded.a_date_time_2822, at_2015(), "{b}");
        }
        let bad = primitives_json("yesterday", "2015-07-30T20:00:00Z");
        assert!(serde_json::from_value::<Primitives>(bad).is_err());
    }

    #[test]
    fn date_times_serialize_in_their_declared_format() {
        let decoded: Primitives = serde_json::from_value(primitives_json(
            "Thu, 30 Jul 2015 20:00:00 +0000",
            "2015-07-30T20:00:00Z",
        ))
        .unwrap();
        let value = serde_json::to_value(&decoded).unwrap();
        assert_eq!(value["a_date_time"], "2015-07-30T20:00:00Z");
        assert_eq!(value["a_date_time_2822"], "Thu, 30 Jul 2015 20:00:00 +0000");
        assert_eq!(value["a_date"], "2015-07-30");
        // Optional date-times are omitted when missing.
        assert!(value.get("optional_date_time").is_none());
    }

    #[test]
    fn primitive_types_keep_their_values() {
        let decoded: Primitives = serde_json::from_value(primitives_json(
            "2015-07-30T20:00:00Z",
            "Thu, 30 Jul 2015 20:00:00 +0000",
        ))
        .unwrap();
        assert_eq!(decoded.an_int32, i32::MIN);
        assert_eq!(decoded.an_int64, 9_007_199_254_740_993);
        assert_eq!(
            decoded.a_date,
            NaiveDate::from_ymd_opt(2015, 7, 30).unwrap()
        );
        assert_eq!(decoded.an_unknown_format, "+15005550006");
        assert_eq!(decoded.anything, json!({"nested": [1, "two", null]}));
        assert_eq!(
            serde_json::to_value(&decoded).unwrap(),
            primitives_json("2015-07-30T20:00:00Z", "Thu, 30 Jul 2015 20:00:00 +0000")
        );
        // int32 overflow is a decode error, not a silent wrap.
        let mut too_big = primitives_json("2015-07-30T20:00:00Z", "2015-07-30T20:00:00Z");
        too_big["an_int32"] = json!(2_147_483_648_i64);
        assert!(serde_json::from_value::<Primitives>(too_big).is_err());
    }

    #[test]
    fn primitive_query_parameters() {
        let params = FetchPrimitivesParams {
            day: NaiveDate::from_ymd_opt(2015, 7, 30),
            ratio: Some(0.5),
            flag: Some(false),
        };
        assert_eq!(
            serde_html_form::to_string(&params).unwrap(),
            "Day=2015-07-30&Ratio=0.5&Flag=false"
        );
    }
}

mod recursive {
    use super::*;
    use fixture_client::recursive::{
        Expression, ListNode, ListNodeMeta, Literal, Negation, Node, A, B,
    };

    #[test]
    fn linked_list_is_boxed_and_round_trips() {
        let list = ListNode {
            value: 1,
            next: Some(Box::new(ListNode {
                value: 2,
                next: Some(Box::new(ListNode {
                    value: 3,
                    ..Default::default()
                })),
                meta: Some(Box::new(ListNodeMeta {
                    previous: Some(Box::new(ListNode {
                        value: 1,
                        ..Default::default()
                    })),
                })),
            })),
            meta: None,
        };
        let value = serde_json::to_value(&list).unwrap();
        assert_eq!(
            value,
            json!({"value": 1, "next": {"value": 2, "next": {"value": 3}, "meta": {"previous": {"value": 1}}}})
        );
        assert_eq!(serde_json::from_value::<ListNode>(value).unwrap(), list);
    }

    #[test]
    fn tree_round_trips() {
        let value = json!({
            "name": "root",
            "children": [{"name": "a"}, {"name": "b", "children": [{"name": "b1"}]}],
            "by_name": {"c": {"name": "c"}},
        });
        let tree: Node = serde_json::from_value(value.clone()).unwrap();
        let children = tree.children.as_ref().unwrap();
        assert_eq!(children[1].children.as_ref().unwrap()[0].name, "b1");
        assert_eq!(tree.by_name.as_ref().unwrap()["c"].name, "c");
        assert_eq!(serde_json::to_value(&tree).unwrap(), value);
    }

    #[test]
    fn mutual_recursion_round_trips() {
        let a = A {
            b: Some(Box::new(B {
                a: Box::new(A {
                    label: Some("inner".into()),
                    ..Default::default()
                }),
            })),
            label: Some("outer".into()),
        };
        let value = serde_json::to_value(&a).unwrap();
        assert_eq!(
            value,
            json!({"b": {"a": {"label": "inner"}}, "label": "outer"})
        );
        assert_eq!(serde_json::from_value::<A>(value).unwrap(), a);
    }

    #[test]
    fn recursive_union_decodes() {
        let value = json!({"not": {"not": {"value": 1.5}}});
        let expression: Expression = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(
            expression,
            Expression::Negation(Box::new(Negation {
                not: Box::new(Expression::Negation(Box::new(Negation {
                    not: Box::new(Expression::Literal(Literal { value: 1.5 })),
                }))),
            }))
        );
        assert_eq!(serde_json::to_value(&expression).unwrap(), value);
    }
}

mod compositions {
    use super::*;
    use fixture_client::compositions::{
        Cat, Dog, DogBark, Id, Owner, OwnerFavourite, Pet, PetOrNote, Puppy,
    };

    #[test]
    fn all_of_merges_properties_and_required() {
        let dog: Dog = serde_json::from_value(json!({
            "name": "Rex", "age": 3, "nickname": 7, "bark": "woof"
        }))
        .unwrap();
        assert_eq!(
            dog,
            Dog {
                name: "Rex".into(),
                age: 3,
                // The later allOf part's `nickname: integer` wins.
                nickname: Some(7),
                bark: DogBark::Woof,
            }
        );
        // `age` is required through the second part, `bark` through the inline one.
        assert!(serde_json::from_value::<Dog>(json!({"name": "Rex", "bark": "yip"})).is_err());
        assert!(serde_json::from_value::<Dog>(json!({"name": "Rex", "age": 1})).is_err());
        let puppy: Puppy = dog.clone();
        assert_eq!(puppy, dog);
    }

    #[test]
    fn one_of_picks_the_alternative_that_fits() {
        let pet: Pet =
            serde_json::from_value(json!({"name": "Rex", "age": 3, "bark": "yip"})).unwrap();
        assert!(matches!(pet, Pet::Dog(Dog { age: 3, .. })));
        let pet: Pet = serde_json::from_value(json!({"meow": true})).unwrap();
        assert_eq!(pet, Pet::Cat(Cat { meow: true }));
        assert_eq!(serde_json::to_value(&pet).unwrap(), json!({"meow": true}));
        assert!(serde_json::from_value::<Pet>(json!({"woof": 1})).is_err());

        let note: PetOrNote = serde_json::from_value(json!({"note": "n"})).unwrap();
        assert!(matches!(note, PetOrNote::PetOrNoteVariant2(ref v) if v.note == "n"));
    }

    #[test]
    fn any_of_primitives() {
        assert_eq!(
            serde_json::from_value::<Id>(json!("abc")).unwrap(),
            Id::String("abc".into())
        );
        assert_eq!(
            serde_json::from_value::<Id>(json!(42)).unwrap(),
            Id::Integer(42)
        );
        assert_eq!(serde_json::to_value(Id::Integer(42)).unwrap(), json!(42));
        assert!(serde_json::from_value::<Id>(json!(true)).is_err());

        let owner: Owner =
            serde_json::from_value(json!({"favourite": {"meow": false}, "id": 7})).unwrap();
        assert_eq!(
            owner.favourite,
            Some(OwnerFavourite::Cat(Cat { meow: false }))
        );
        assert_eq!(owner.id, Some(Id::Integer(7)));
    }
}

mod forms {
    use fixture_client::form_arrays::{
        CreateMessageRequest, CreateMessageRequestContentRetention, MessageStatus,
        UpdateSettingsRequest,
    };

    #[test]
    fn form_arrays_repeat_their_key() {
        let body = CreateMessageRequest {
            to: vec!["+15005550006".into(), "+15005550007".into()],
            body: "Hello & bye".into(),
            priorities: Some(vec![1, 2]),
            urgent: Some(true),
            validity_period: Some(60),
            max_price: Some(0.75),
            status: Some(MessageStatus::Sent),
            content_retention: Some(CreateMessageRequestContentRetention::Discard),
            status_callback_event: Some(vec![MessageStatus::Queued, MessageStatus::Delivered]),
            ..Default::default()
        };
        assert_eq!(
            serde_html_form::to_string(&body).unwrap(),
            "To=%2B15005550006&To=%2B15005550007&Body=Hello+%26+bye\
             &Priorities=1&Priorities=2&Urgent=true&ValidityPeriod=60&MaxPrice=0.75\
             &Status=sent&ContentRetention=discard\
             &StatusCallbackEvent=queued&StatusCallbackEvent=delivered"
        );
    }

    #[test]
    fn dotted_form_keys() {
        let body = UpdateSettingsRequest {
            notifications_new_message_enabled: Some(true),
            ..Default::default()
        };
        assert_eq!(
            serde_html_form::to_string(&body).unwrap(),
            "Notifications.NewMessage.Enabled=true"
        );
        assert_eq!(
            serde_html_form::to_string(UpdateSettingsRequest::default()).unwrap(),
            ""
        );
    }
}

mod defaults {
    use fixture_client::{arrays_and_maps, form_arrays, nested_objects, ref_chains};

    /// `..Default::default()` works wherever every field can default (including structs
    /// with required strings and arrays, which default to empty).
    #[test]
    fn default_is_derived_where_every_field_allows_it() {
        let order = nested_objects::CreateOrderRequest {
            customer: nested_objects::CreateOrderRequestCustomer {
                name: "Ada".into(),
                ..Default::default()
            },
        };
        assert_eq!(
            serde_json::to_value(&order).unwrap(),
            serde_json::json!({"customer": {"name": "Ada"}})
        );
        let _ = arrays_and_maps::Collection {
            matrix: Some(vec![vec![1, 2], vec![]]),
            ..Default::default()
        };
        let _ = form_arrays::CreateMessageRequest {
            body: "x".into(),
            ..Default::default()
        };
        let _ = ref_chains::FetchAccountParams {
            page_size: Some(10),
            ..Default::default()
        };
        let alias: ref_chains::AccountAlias2 = ref_chains::Account::default();
        assert_eq!(alias.owner, None);
    }
}

/// Requests through the compiled fixture clients, against a local mock server.
mod http {
    use super::*;
    use futures::StreamExt;
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, Request, ResponseTemplate};

    use super::support::only_request;

    fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
        request.headers.get(name).map(|v| v.to_str().unwrap())
    }

    #[tokio::test]
    async fn header_params_are_sent_as_headers_not_query() {
        use fixture_client::header_params::{
            Client, RetryPolicy, UpdateServiceParams, UpdateServiceParamsXTwilioWebhookEnabled,
        };
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/v1/Services/IS123"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"sid": "IS123"})))
            .mount(&server)
            .await;
        let client = Client::builder()
            .base_url(server.uri())
            .retry(RetryPolicy::none())
            .build()
            .unwrap();
        let params = UpdateServiceParams {
            x_tenant: None,
            x_twilio_webhook_enabled: UpdateServiceParamsXTwilioWebhookEnabled::True,
            if_match: Some("\"v1\"".into()),
            x_retry_count: Some(3),
            x_not_before: Some(at_2015()),
            x_page_count: 5,
            x_tags: Some(vec!["a".into(), "b".into()]),
            x_dry_run: Some(false),
            friendly_name: "My service".into(),
            limit: None,
        };
        let service = client.update_service("IS123", &params).await.unwrap();
        assert_eq!(service.sid.as_deref(), Some("IS123"));

        let request = only_request(&server).await;
        assert_eq!(request.url.query(), Some("FriendlyName=My+service"));
        assert_eq!(header(&request, "X-Twilio-Webhook-Enabled"), Some("true"));
        assert_eq!(header(&request, "If-Match"), Some("\"v1\""));
        assert_eq!(header(&request, "X-Retry-Count"), Some("3"));
        assert_eq!(
            header(&request, "X-Not-Before"),
            Some("2015-07-30T20:00:00Z")
        );
        assert_eq!(header(&request, "X-Page-Count"), Some("5"));
        assert_eq!(header(&request, "X-Tags"), Some("a,b"));
        assert_eq!(header(&request, "X-Dry-Run"), Some("false"));
        assert_eq!(header(&request, "X-Tenant"), None);
        assert_eq!(header(&request, "Authorization"), None);
    }

    #[tokio::test]
    async fn header_values_with_cr_or_lf_are_refused_before_sending() {
        use fixture_client::header_params::{
            Client, Error, RetryPolicy, UpdateServiceParams,
            UpdateServiceParamsXTwilioWebhookEnabled,
        };
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
            .expect(0)
            .mount(&server)
            .await;
        let client = Client::builder()
            .base_url(server.uri())
            .retry(RetryPolicy::none())
            .build()
            .unwrap();
        for injected in ["v1\r\nX-Admin: yes", "v1\nX-Admin: yes", "v1\r"] {
            let params = UpdateServiceParams {
                x_tenant: None,
                x_twilio_webhook_enabled: UpdateServiceParamsXTwilioWebhookEnabled::True,
                if_match: Some(injected.into()),
                x_retry_count: None,
                x_not_before: None,
                x_page_count: 1,
                x_tags: None,
                x_dry_run: None,
                friendly_name: "x".into(),
                limit: None,
            };
            match client.update_service("IS123", &params).await {
                Err(Error::InvalidParameter { name, .. }) => assert_eq!(name, "If-Match"),
                other => panic!("{injected:?} must be refused, got {other:?}"),
            }
        }
        server.verify().await;
    }

    #[tokio::test]
    async fn header_only_params_send_no_query_and_204_is_unit() {
        use fixture_client::header_params::{Client, DeleteServiceParams};
        let server = MockServer::start().await;
        Mock::given(method("DELETE"))
            .and(path("/v1/Services/IS1"))
            .respond_with(ResponseTemplate::new(204))
            .mount(&server)
            .await;
        let client = Client::builder().base_url(server.uri()).build().unwrap();
        let params = DeleteServiceParams {
            x_tenant: "acme".into(),
            session: None,
        };
        client.delete_service("IS1", &params).await.unwrap();
        let request = only_request(&server).await;
        assert_eq!(request.url.query(), None);
        assert_eq!(header(&request, "X-Tenant"), Some("acme"));
        // The optional cookie parameter is absent: no `Cookie` header at all.
        assert_eq!(header(&request, "Cookie"), None);
    }

    #[tokio::test]
    async fn bearer_auth_sends_the_token() {
        use fixture_client::bearer_auth::Client;
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/v1/Me"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "me"})))
            .mount(&server)
            .await;
        let client = Client::builder("t0ken")
            .base_url(server.uri())
            .build()
            .unwrap();
        let me = client.fetch_me().await.unwrap();
        assert_eq!(me.id.as_deref(), Some("me"));
        let request = only_request(&server).await;
        assert_eq!(header(&request, "Authorization"), Some("Bearer t0ken"));
        assert!(!format!("{client:?}").contains("t0ken"));
    }

    #[tokio::test]
    async fn no_auth_client_needs_no_credentials() {
        use fixture_client::no_auth::{Client, Status};
        // `new()` and `Default` exist without arguments.
        let _ = Client::new();
        let _ = Client::default();
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/v1/Echo"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
            .mount(&server)
            .await;
        // The base URL override also replaces the operation-level server.
        let client = Client::builder().base_url(server.uri()).build().unwrap();
        let echoed = client
            .echo(&Status {
                ok: true,
                message: None,
            })
            .await
            .unwrap();
        assert!(echoed.ok);
        let request = only_request(&server).await;
        assert_eq!(header(&request, "Authorization"), None);
        assert_eq!(request.body, br#"{"ok":true}"#);
    }

    #[tokio::test]
    async fn json_body_bytes_send_null_for_required_nullable() {
        use fixture_client::required_optional_nullable::{Client, Record, Status, Tag};
        let server = MockServer::start().await;
        let record = Record {
            required_string: "s".into(),
            optional_string: None,
            nullable_string: None,
            required_nullable_string: None,
            required_int: 1,
            optional_int: Some(2),
            nullable_int: None,
            required_nullable_int: Some(3),
            required_date_time: at_2015(),
            optional_date_time: None,
            nullable_date_time: None,
            required_nullable_date_time: None,
            required_array: vec![],
            optional_array: None,
            required_nullable_array: None,
            required_object: Tag { name: "t".into() },
            optional_object: None,
            required_nullable_object: None,
            required_enum: Status::Closed,
            optional_enum: None,
            required_nullable_ref: None,
            optional_nullable_ref: None,
        };
        Mock::given(method("POST"))
            .and(path("/v1/Records"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(serde_json::to_value(&record).unwrap()),
            )
            .mount(&server)
            .await;
        let client = Client::builder().base_url(server.uri()).build().unwrap();
        let echoed = client.create_record(&record).await.unwrap();
        assert_eq!(echoed, record);
        let request = only_request(&server).await;
        assert_eq!(header(&request, "Content-Type"), Some("application/json"));
        assert_eq!(
            String::from_utf8(request.body).unwrap(),
            concat!(
                r#"{"required_string":"s","required_nullable_string":null,"#,
                r#""required_int":1,"optional_int":2,"required_nullable_int":3,"#,
                r#""required_date_time":"2015-07-30T20:00:00Z","#,
                r#""required_nullable_date_time":null,"required_array":[],"#,
                r#""required_nullable_array":null,"required_object":{"name":"t"},"#,
                r#""required_nullable_object":null,"required_enum":"closed","#,
                r#""required_nullable_ref":null}"#,
            )
        );
    }

    #[tokio::test]
    async fn scim_json_uses_its_media_type() {
        use fixture_client::json_body::{Client, ScimUser};
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/scim/v2/Users"))
            .respond_with(ResponseTemplate::new(201).set_body_raw(
                r#"{"userName":"ada","active":true}"#,
                "application/scim+json",
            ))
            .mount(&server)
            .await;
        let client = Client::builder().base_url(server.uri()).build().unwrap();
        let user = ScimUser {
            user_name: "ada".into(),
            ..Default::default()
        };
        let created = client.create_scim_user(&user).await.unwrap();
        assert_eq!(created.active, Some(true));
        let request = only_request(&server).await;
        assert_eq!(
            header(&request, "Content-Type"),
            Some("application/scim+json")
        );
        assert_eq!(request.body, br#"{"userName":"ada"}"#);
    }

    #[tokio::test]
    async fn form_body_bytes() {
        use fixture_client::form_arrays::{Client, CreateMessageRequest};
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/v1/Messages"))
            .respond_with(ResponseTemplate::new(201).set_body_json(json!({"sid": "SM1"})))
            .mount(&server)
            .await;
        let client = Client::builder().base_url(server.uri()).build().unwrap();
        let body = CreateMessageRequest {
            to: vec!["a".into(), "b".into()],
            body: "hi".into(),
            urgent: Some(true),
            ..Default::default()
        };
        let created = client.create_message(&body).await.unwrap();
        assert_eq!(created.sid.as_deref(), Some("SM1"));
        let request = only_request(&server).await;
        assert_eq!(
            header(&request, "Content-Type"),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(request.body, b"To=a&To=b&Body=hi&Urgent=true");
    }

    #[tokio::test]
    async fn non_string_path_params_are_formatted() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"meow": true})))
            .mount(&server)
            .await;

        let client = fixture_client::compositions::Client::builder()
            .base_url(server.uri())
            .build()
            .unwrap();
        let id = fixture_client::compositions::Id::Integer(7);
        let pet = client.fetch_pet(&id).await.unwrap();
        assert!(matches!(pet, fixture_client::compositions::Pet::Cat(_)));
        let id = fixture_client::compositions::Id::String("a/b".into());
        client.fetch_pet(&id).await.unwrap();

        let client = fixture_client::enums::Client::builder()
            .base_url(server.uri())
            .build()
            .unwrap();
        let params = fixture_client::enums::ListMessagesParams {
            status: Some(fixture_client::enums::Status::PredictedCsat),
            order: None,
            statuses: None,
            x_priority: None,
        };
        // The response is not a Message: only the request matters here.
        let channel = fixture_client::enums::Channel::WhAtsApp;
        assert!(client.list_messages(&channel, &params).await.is_err());

        let paths: Vec<String> = server
            .received_requests()
            .await
            .unwrap()
            .iter()
            .map(|r| match r.url.query() {
                Some(query) => format!("{}?{query}", r.url.path()),
                None => r.url.path().to_owned(),
            })
            .collect();
        assert_eq!(
            paths,
            [
                "/v1/Pets/7",
                "/v1/Pets/a%2Fb",
                "/v1/Channels/whAtsAPP/Messages?Status=%7Epredicted-csat",
            ]
        );
    }

    #[tokio::test]
    async fn primitive_path_params_are_formatted() {
        use fixture_client::primitives::{Client, FetchPrimitivesParams};
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(500))
            .mount(&server)
            .await;
        let client = Client::builder()
            .base_url(server.uri())
            .retry(fixture_client::primitives::RetryPolicy::none())
            .build()
            .unwrap();
        let day = NaiveDate::from_ymd_opt(2015, 7, 30).unwrap();
        let error = client
            .fetch_primitives(
                42,
                &at_2015(),
                &day,
                true,
                1.5,
                &FetchPrimitivesParams::default(),
            )
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(500));
        let request = only_request(&server).await;
        assert_eq!(
            request.url.path(),
            "/v1/Primitives/42/2015-07-30T20%3A00%3A00Z/2015-07-30/true/1.5"
        );
        assert_eq!(request.url.query(), None);
    }

    #[tokio::test]
    async fn keyword_named_operation_and_params() {
        use fixture_client::keywords_and_digits::{Client, Keywords, MatchParams};
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"type": "t"})))
            .mount(&server)
            .await;
        let client = Client::builder().base_url(server.uri()).build().unwrap();
        let params = MatchParams {
            request: Some("r".into()),
            body: Some("b".into()),
            x_trace_id: Some("trace-1".into()),
        };
        let body = Keywords {
            r#type: "x".into(),
            ..Default::default()
        };
        let echoed = client
            .r#match("a type", "me", "p", &params, &body)
            .await
            .unwrap();
        assert_eq!(echoed.r#type, "t");
        let request = only_request(&server).await;
        assert_eq!(request.url.path(), "/v1/Things/a%20type/me/p");
        assert_eq!(request.url.query(), Some("request=r&body=b"));
        assert_eq!(header(&request, "X-Trace.Id"), Some("trace-1"));
        assert_eq!(request.body, b"type=x");
    }

    #[tokio::test]
    async fn empty_success_responses_return_unit() {
        use fixture_client::no_content::Client;
        let server = MockServer::start().await;
        Mock::given(method("DELETE"))
            .respond_with(ResponseTemplate::new(204))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(202))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_string("plain text"))
            .mount(&server)
            .await;
        let client = Client::builder().base_url(server.uri()).build().unwrap();
        client.delete_item("IT1").await.unwrap();
        client.queue_item("IT1").await.unwrap();
        client.fetch_item_text("IT1").await.unwrap();
    }

    #[tokio::test]
    async fn v2010_paging_follows_next_page_uri() {
        use fixture_client::paging::Client;
        let server = MockServer::start().await;
        let calls = "/2010-04-01/Accounts/AC1/Calls.json";
        Mock::given(method("GET"))
            .and(path(calls))
            .and(wiremock::matchers::query_param("Page", "1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "calls": [{"sid": "CA3"}],
                "next_page_uri": null,
            })))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(calls))
            .and(wiremock::matchers::query_param_is_missing("Page"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "calls": [{"sid": "CA1"}, {"sid": "CA2", "duration": null}],
                "next_page_uri": format!("{calls}?Page=1&PageToken=PA1"),
            })))
            .mount(&server)
            .await;
        let client = Client::builder().base_url(server.uri()).build().unwrap();
        let sids: Vec<String> = client
            .list_call_stream("AC1")
            .map(|call| call.unwrap().sid.unwrap())
            .collect()
            .await;
        assert_eq!(sids, ["CA1", "CA2", "CA3"]);
    }

    #[tokio::test]
    async fn meta_paging_follows_next_page_url() {
        use fixture_client::paging::{Client, ListServiceParams};
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/v1/Services"))
            .and(wiremock::matchers::query_param("Page", "1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "services": [{"sid": "IS2"}],
                "meta": {"next_page_url": null},
            })))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/v1/Services"))
            .and(wiremock::matchers::query_param_is_missing("Page"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "services": [{"sid": "IS1"}],
                "meta": {"next_page_url": format!("{}/v1/Services?PageSize=1&Page=1", server.uri())},
            })))
            .mount(&server)
            .await;
        let client = Client::builder().base_url(server.uri()).build().unwrap();
        let params = ListServiceParams { page_size: Some(1) };
        let sids: Vec<String> = client
            .list_service_stream(&params)
            .map(|service| service.unwrap().sid.unwrap())
            .collect()
            .await;
        assert_eq!(sids, ["IS1", "IS2"]);
    }
}

#[test]
fn discriminator_selects_the_alternative() {
    use fixture_client::edge_discriminator::{Dog, Pet};
    // Both alternatives would accept this object; the tag decides.
    let pet: Pet = serde_json::from_str(r#"{"petType": "dog", "barks": true}"#).unwrap();
    assert_eq!(
        pet,
        Pet::Dog(Dog {
            pet_type: "dog".into(),
            barks: Some(true)
        })
    );
    assert_eq!(
        serde_json::to_string(&pet).unwrap(),
        r#"{"petType":"dog","barks":true}"#
    );
    let unknown = serde_json::from_str::<Pet>(r#"{"petType": "fish"}"#).unwrap_err();
    assert!(
        unknown
            .to_string()
            .contains("unknown `petType` value Some(\"fish\")"),
        "{unknown}"
    );
}

#[test]
fn an_all_of_of_scalars_is_that_scalar() {
    use fixture_client::compositions::Holder;
    let holder: Holder =
        serde_json::from_str(r#"{"id": "own_1", "backup_id": "own_2", "tags": ["a", "b"]}"#)
            .unwrap();
    let id: Option<String> = holder.id.clone();
    assert_eq!(id.as_deref(), Some("own_1"));
    assert_eq!(holder.backup_id.as_deref(), Some("own_2"));
    // The array documented through `allOf` is that array (its alias), not a struct.
    let tags: Option<Vec<String>> = holder.tags.clone();
    assert_eq!(tags, Some(vec!["a".to_owned(), "b".to_owned()]));
    assert_eq!(
        serde_json::to_string(&holder).unwrap(),
        r#"{"id":"own_1","backup_id":"own_2","tags":["a","b"]}"#
    );
}

#[test]
fn an_all_of_of_a_nullable_object_and_a_description_accepts_null() {
    use fixture_client::compositions::HolderWithWindow;
    let holder: HolderWithWindow = serde_json::from_str(r#"{"window": null}"#).unwrap();
    assert!(holder.window.is_none());
    let holder: HolderWithWindow =
        serde_json::from_str(r#"{"window": {"start": "02:00"}}"#).unwrap();
    assert_eq!(
        holder.window.and_then(|w| w.start).as_deref(),
        Some("02:00")
    );
}

#[test]
fn without_a_mapping_the_tag_property_enum_and_the_schema_name_select_the_alternative() {
    use fixture_client::edge_discriminator::{Image, ImageB64, ImageUrl};
    let image: Image = serde_json::from_str(r#"{"type": "b64_json", "b64_json": "AA=="}"#).unwrap();
    assert!(matches!(image, Image::ImageB64(ImageB64 { ref b64_json, .. }) if b64_json == "AA=="));
    let image: Image = serde_json::from_str(r#"{"type": "url", "url": "https://x"}"#).unwrap();
    assert!(matches!(image, Image::ImageUrl(ImageUrl { ref url, .. }) if url == "https://x"));
    let by_name: Image = serde_json::from_str(r#"{"type": "ImageUrl", "url": "u"}"#).unwrap();
    assert!(matches!(by_name, Image::ImageUrl(_)));
    assert!(serde_json::from_str::<Image>(r#"{"type": "gif"}"#).is_err());
}

#[test]
fn numbers_sent_as_strings_decode_and_are_written_as_numbers() {
    use fixture_client::primitives::Primitives;
    // Start from a valid value, then replace the numbers by their string forms on the wire.
    let mut wire = serde_json::to_value(Primitives {
        a_double: 3.0,
        ..Primitives::default()
    })
    .unwrap();
    wire["a_number"] = json!("-0.0025");
    wire["a_float"] = json!(" 7 ");
    let decoded: Primitives = serde_json::from_value(wire).unwrap();
    assert_eq!(
        (decoded.a_number, decoded.a_float, decoded.a_double),
        (-0.0025, 7.0, 3.0)
    );
    assert_eq!(
        serde_json::to_value(&decoded).unwrap()["a_number"],
        json!(-0.0025)
    );
    let bad = serde_json::from_value::<Primitives>(json!({"a_number": "cheap"})).unwrap_err();
    assert!(
        bad.to_string()
            .contains("a number, or a string holding a number"),
        "{bad}"
    );
}

mod openapi31 {
    use super::*;
    use fixture_client::openapi31_types::{Item, ItemKind, ItemSize};

    #[test]
    fn nullable_31_fields_decode_null_to_none() {
        let item: Item = serde_json::from_value(json!({
            "id": "it_1", "kind": "item", "level": 0,
            "nickname": null, "owner": null, "note": null, "size": "big",
        }))
        .unwrap();
        assert_eq!((item.nickname, item.owner, item.note), (None, None, None));
        assert_eq!(item.kind, ItemKind::Item);
        // An integer enum keeps 0 as a value.
        assert_eq!(item.level, 0);
        assert_eq!(item.size, Some(ItemSize::String("big".to_owned())));
    }

    #[test]
    fn type_lists_decode_each_type() {
        let item: Item =
            serde_json::from_value(json!({"id": "a", "kind": "item", "level": 2, "size": 7}))
                .unwrap();
        assert_eq!(item.size, Some(ItemSize::Integer(7)));
    }

    #[test]
    fn hoisted_defs_and_described_refs_are_typed() {
        use fixture_client::openapi31_refs::{Account, ListEventsResponse, Role2};
        let events: ListEventsResponse = serde_json::from_value(json!({
            "events": [{"id": "e1", "role": "admin"}], "role": "member",
        }))
        .unwrap();
        assert_eq!(events.events[0].role, Some(Role2::Admin));
        assert_eq!(events.role, Some(Role2::Member));
        let account: Account =
            serde_json::from_value(json!({"id": "a1", "manager": null, "owner": {"name": "o"}}))
                .unwrap();
        assert_eq!(account.manager, None);
        assert_eq!(account.owner.map(|o| o.name), Some("o".to_owned()));
    }

    #[test]
    fn big_numbers_do_not_stop_the_typed_fields() {
        use fixture_client::big_numbers::Counter;
        let counter: Counter =
            serde_json::from_value(json!({"value": i64::MIN, "flags": 1})).unwrap();
        assert_eq!((counter.value, counter.flags), (i64::MIN, Some(1)));
    }
}

/// Variant names the spec gives (`x-enum-varnames`, `x-enumNames`) name the variants; the
/// wire values stay the values.
#[test]
fn given_enum_variant_names_are_used() {
    use fixture_client::edge_enum_values::types::{Named, NamedNswag};
    let decoded: Vec<Named> = serde_json::from_value(json!([">", "!", "=", "?"])).unwrap();
    assert_eq!(
        decoded,
        [
            Named::GreaterThan,
            Named::Not,
            // An empty given name falls back to the value's own name.
            Named::Eq,
            Named::Unknown("?".to_owned())
        ]
    );
    assert_eq!(Named::LessThan.as_str(), "<");
    assert_eq!(serde_json::to_value(NamedNswag::Two).unwrap(), json!("2"));
}
