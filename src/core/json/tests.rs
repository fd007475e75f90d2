//! The parser and printer on their own, and against serde_json on arbitrary values (the host's
//! property test): records written by serde_json load, and what we write serde_json reads.

use super::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[derive(Debug, PartialEq)]
struct Part {
    number: u32,
    etag: Option<String>,
    size: u64,
}

impl FromJson for Part {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        let f = Fields::of(v, "Part")?;
        Ok(Part { number: f.get("number")?, etag: f.get("etag")?, size: f.get("size")? })
    }
}

impl ToJson for Part {
    fn to_json(&self) -> Json {
        Json::Object(object([
            ("number", self.number.to_json()),
            ("etag", self.etag.to_json()),
            ("size", self.size.to_json()),
        ]))
    }
}

#[test]
fn round_trips_and_says_what_is_wrong() {
    let p = Part { number: 3, etag: None, size: 5 << 20 };
    let text = to_string(&p).unwrap();
    assert_eq!(text, r#"{"number":3,"etag":null,"size":5242880}"#);
    assert_eq!(from_str::<Part>(&text).unwrap(), p);
    assert_eq!(from_str::<Part>(r#"{"number":3,"size":1}"#).unwrap().etag, None, "a missing Option is None");
    assert_eq!(
        from_str::<Part>("{").unwrap_err().to_string(),
        "not JSON: EOF while parsing an object at line 1 column 2"
    );
    let missing = from_str::<Part>(r#"{"etag":null,"size":1}"#).unwrap_err().to_string();
    assert!(missing.starts_with("missing field `number`"), "{missing}");
    let wrong = from_str::<Part>(r#"{"number":"3","etag":null,"size":1}"#).unwrap_err().to_string();
    assert_eq!(wrong, "number: invalid type: string, expected u32");
    let big = from_str::<Part>(r#"{"number":4294967296,"etag":null,"size":1}"#).unwrap_err().to_string();
    assert_eq!(big, "number: invalid value: 4294967296, expected u32");
    assert!(from_str::<Part>(r#"{"number":1.5,"etag":null,"size":1}"#).is_err());
}

#[test]
fn integer_text_only_for_exact_whole_numbers() {
    let n = |t: &str| parse(t).unwrap();
    assert_eq!(integer_text(&n("12345")).as_deref(), Some("12345"));
    assert_eq!(integer_text(&n("-7")).as_deref(), Some("-7"));
    assert_eq!(integer_text(&n("9007199254740991")).as_deref(), Some("9007199254740991"));
    assert_eq!(integer_text(&n("9007199254740993")), None);
    assert_eq!(integer_text(&n("1.5")), None);
    assert_eq!(integer_text(&n("\"1\"")), None);
}

#[test]
fn strings_escapes_and_surrogates() {
    let v = parse(r#"["a\"b\\c\/d\b\f\n\r\t\u0001\u00e9\ud83d\ude00", "é😀\u007f"]"#).unwrap();
    let Json::Array(items) = &v else { panic!("{v:?}") };
    assert_eq!(items[0].as_str(), Some("a\"b\\c/d\u{8}\u{c}\n\r\t\u{1}é😀"));
    assert_eq!(v.to_text(), "[\"a\\\"b\\\\c/d\\b\\f\\n\\r\\t\\u0001é😀\",\"é😀\u{7f}\"]");
    for bad in [r#""\ud83d""#, r#""\ude00""#, r#""\ud83d\u0041""#, r#""\x""#, r#""\u12""#, "\"a\u{1}\"", "\"abc"] {
        assert!(parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn grammar_is_strict_and_errors_say_where() {
    for bad in [
        "",
        " ",
        "01",
        "1.",
        ".5",
        "-",
        "1e",
        "+1",
        "[1,]",
        "{\"a\":1,}",
        "{a:1}",
        "[1 2]",
        "tru",
        "nul",
        "1 2",
        "\u{feff}1",
    ] {
        assert!(parse(bad).is_err(), "{bad:?}");
    }
    for good in ["0", "-0", "1.5e-3", "1E+2", " [ ] ", "{}", "{\"a\":[null,true,false]}"] {
        assert!(parse(good).is_ok(), "{good:?}");
    }
    assert_eq!(parse("{\"a\":\n  tru}").unwrap_err().to_string(), "not JSON: expected value at line 2 column 3");
    assert_eq!(parse("[\"é\", x]").unwrap_err().to_string(), "not JSON: expected value at line 1 column 7");
}

#[test]
fn deep_nesting_is_refused_not_recursed() {
    let ok = format!("{}{}", "[".repeat(parse::MAX_DEPTH), "]".repeat(parse::MAX_DEPTH));
    assert!(parse(&ok).is_ok());
    let deep = "[".repeat(100_000);
    assert!(parse(&deep).unwrap_err().to_string().starts_with("not JSON: recursion limit exceeded"));
    let deep_objects = "{\"a\":".repeat(100_000);
    assert!(parse(&deep_objects).is_err());
}

#[test]
fn repeated_keys_keep_the_last_as_json_parse_does() {
    let v = parse(r#"{"a":1,"a":2}"#).unwrap();
    assert_eq!(v.get("a"), Some(&Json::Number("2".into())));
}

#[test]
fn times_in_ms_are_whole_numbers() {
    assert_eq!(Json::whole_ms(1_733_580_000_000.0).to_text(), "1733580000000");
    assert_eq!(Json::whole_ms(f64::NAN), Json::Null);
    assert_eq!(parse("1733580000000.0").unwrap().as_whole_ms(), Some(1_733_580_000_000.0));
    assert_eq!(parse("1.7e12").unwrap().as_whole_ms(), Some(1_700_000_000_000.0));
    assert_eq!(parse("-5").unwrap().as_whole_ms(), Some(-5.0));
}

#[cfg(not(target_arch = "wasm32"))]
mod against_serde_json {
    use super::super::{parse, Json};
    use proptest::prelude::*;

    fn ours_of(v: &serde_json::Value) -> Json {
        match v {
            serde_json::Value::Null => Json::Null,
            serde_json::Value::Bool(b) => Json::Bool(*b),
            serde_json::Value::Number(n) => Json::Number(n.to_string()),
            serde_json::Value::String(s) => Json::String(s.clone()),
            serde_json::Value::Array(a) => Json::Array(a.iter().map(ours_of).collect()),
            serde_json::Value::Object(m) => Json::Object(m.iter().map(|(k, v)| (k.clone(), ours_of(v))).collect()),
        }
    }

    fn value() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::Bool),
            any::<i64>().prop_map(|n| n.into()),
            any::<u64>().prop_map(|n| n.into()),
            any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| f.into()),
            any::<String>().prop_map(serde_json::Value::String),
            "[\"\\\\/\u{0}-\u{1f}\u{7f}é😀a-z]{0,8}".prop_map(serde_json::Value::String),
        ];
        leaf.prop_recursive(4, 64, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
                prop::collection::btree_map(any::<String>(), inner, 0..6)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn we_print_what_serde_json_prints_and_read_what_it_reads(v in value()) {
            let serde_text = serde_json::to_string(&v).unwrap();
            let ours = ours_of(&v);
            prop_assert_eq!(ours.to_text(), serde_text.clone());
            prop_assert_eq!(parse(&serde_text).unwrap(), ours);
            let pretty = serde_json::to_string_pretty(&v).unwrap();
            prop_assert_eq!(parse(&pretty).unwrap().to_text(), serde_text);
        }

        #[test]
        fn any_text_parses_or_errs_like_serde_json_and_never_panics(text in "[\\[\\]{}\":,0-9eE.+\\-a-z\\\\ \u{0}\u{80}-\u{10ffff}]{0,40}") {
            let ours = parse(&text);
            let theirs = serde_json::from_str::<serde_json::Value>(&text);
            // serde_json refuses a number beyond f64 (`1e400`); we keep numbers as text.
            prop_assume!(!theirs.as_ref().is_err_and(|e| e.to_string().starts_with("number out of range")));
            prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{:?}: {:?} / {:?}", text, ours, theirs);
        }
    }
}

#[test]
fn indexing_and_comparing_as_serde_json_values_do() {
    let v = parse(r#"{"id":"v1","size":5.0,"n":null}"#).unwrap();
    assert_eq!(v["id"], "v1");
    assert_eq!(v["id"], "v1".to_string());
    assert_eq!(v["size"], 5u64);
    assert_eq!(v["missing"], Json::Null);
    assert_eq!(v["id"]["deeper"], Json::Null);
    assert!(v["n"] != 0u64);
}
