//! Request bodies in media types other than JSON and form, through the client generated from
//! `tests/fixtures/request_media.yaml`: multipart bodies parsed back with a real multipart
//! parser, binary bodies from bytes, a file and a stream, text and XML documents.

mod support;

use std::io::Write;

use fixture_client::request_media::{
    types::{
        AddDocumentMultipartRequest, AddDocumentRequest, Kind, LabelFileRequest,
        LabelFileRequestGranularity as Granularity, LabelFileRequestGranularityVariant1 as One,
        LabelFileRequestGranularityVariant2Item as Each, LabelFileRequestSource as Source, Meta,
        Thing, UploadFileRequest,
    },
    Client, RetryPolicy, Upload,
};
use serde_json::json;
use specweave_runtime::bytes::Bytes;
use support::only_request;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A client of a mock server answering `status` (with `{"id": "f1"}` for 201) to anything.
async fn answering(status: u16) -> (Client, MockServer) {
    answering_with(status, RetryPolicy::none()).await
}

/// [`answering`], retrying as `retry` says.
async fn answering_with(status: u16, retry: RetryPolicy) -> (Client, MockServer) {
    let server = MockServer::start().await;
    let mut response = ResponseTemplate::new(status);
    if status == 201 {
        response = response.set_body_json(serde_json::json!({"id": "f1"}));
    }
    Mock::given(wiremock::matchers::any())
        .respond_with(response)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .retry(retry)
        .build()
        .unwrap();
    (client, server)
}

/// One part as the server reads it.
#[derive(Debug)]
struct ReadPart {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    header: Option<String>,
    bytes: Vec<u8>,
}

fn header(request: &Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .map(|value| value.to_str().unwrap().to_owned())
}

/// The parts of a multipart request, in order, read with `multer`.
async fn read_parts(request: &Request) -> Vec<ReadPart> {
    let content_type = header(request, "content-type").expect("a Content-Type");
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let boundary = multer::parse_boundary(&content_type).unwrap();
    let body = Bytes::from(request.body.clone());
    let stream = futures::stream::once(async move { Ok::<_, std::convert::Infallible>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await.unwrap() {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(ToString::to_string);
        let header = field
            .headers()
            .get("x-part-origin")
            .map(|v| v.to_str().unwrap().to_owned());
        let bytes = field.bytes().await.unwrap().to_vec();
        parts.push(ReadPart {
            name,
            file_name,
            content_type,
            header,
            bytes,
        });
    }
    parts
}

fn text(part: &ReadPart) -> &str {
    std::str::from_utf8(&part.bytes).unwrap()
}

#[tokio::test]
async fn a_multipart_body_sends_text_file_repeated_and_json_parts() {
    let (client, server) = answering(201).await;
    let body = UploadFileRequest {
        title: "Holiday".to_owned(),
        count: Some(3),
        public: Some(true),
        created: Some("2015-07-30T20:00:00Z".parse().unwrap()),
        file: Upload::bytes(vec![0x89, b'P', b'N', b'G']).file_name("beach.png"),
        attachments: Some(vec![
            Upload::from("first")
                .file_name("a.txt")
                .content_type("text/plain"),
            Upload::from(b"\x00\x01".as_slice()),
        ]),
        tags: Some(vec!["sea".to_owned(), "sun".to_owned()]),
        meta: Some(Meta {
            source: Some("camera".to_owned()),
            version: Some(2),
        }),
        kind: Some(Kind::Photo),
    };
    let stored = client.upload_file(body).await.unwrap();
    assert_eq!(stored.id, "f1");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/files");
    let length: usize = header(&request, "content-length").unwrap().parse().unwrap();
    assert_eq!(length, request.body.len(), "every part's length is known");
    let parts = read_parts(&request).await;
    let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "title",
            "count",
            "public",
            "created",
            "file",
            "attachments",
            "attachments",
            "tags",
            "tags",
            "meta",
            "kind"
        ]
    );
    let texts: Vec<&str> = [0, 1, 2, 3, 7, 8, 10]
        .iter()
        .map(|&i| text(&parts[i]))
        .collect();
    assert_eq!(
        texts,
        [
            "Holiday",
            "3",
            "true",
            "2015-07-30T20:00:00Z",
            "sea",
            "sun",
            "photo"
        ]
    );
    for i in [0, 1, 2, 3, 7, 8, 10] {
        assert_eq!(parts[i].file_name, None, "{:?}", parts[i]);
        assert_eq!(parts[i].content_type, None, "{:?}", parts[i]);
    }
    // The file part: its name, the `encoding` map's type and fixed header.
    let file = &parts[4];
    assert_eq!(file.bytes, [0x89, b'P', b'N', b'G']);
    assert_eq!(file.file_name.as_deref(), Some("beach.png"));
    assert_eq!(file.content_type.as_deref(), Some("image/png"));
    assert_eq!(file.header.as_deref(), Some("client"));
    // Repeated file parts: the caller's name and type, else the field's name and octet-stream.
    assert_eq!(parts[5].bytes, b"first");
    assert_eq!(parts[5].file_name.as_deref(), Some("a.txt"));
    assert_eq!(parts[5].content_type.as_deref(), Some("text/plain"));
    assert_eq!(parts[6].bytes, [0, 1]);
    assert_eq!(parts[6].file_name.as_deref(), Some("attachments"));
    assert_eq!(
        parts[6].content_type.as_deref(),
        Some("application/octet-stream")
    );
    let meta = &parts[9];
    assert_eq!(meta.content_type.as_deref(), Some("application/json"));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&meta.bytes).unwrap(),
        serde_json::json!({"source": "camera", "version": 2})
    );
}

/// The parts a `labelFile` call sends for these union and untyped values, as (name, content
/// type, text).
async fn label_parts(
    granularity: Granularity,
    source: Source,
    extra: serde_json::Value,
) -> Vec<(String, Option<String>, String)> {
    let (client, server) = answering(204).await;
    let body = LabelFileRequest {
        granularity: Some(granularity),
        source: Some(source),
        extra: Some(extra),
    };
    client.label_file(body).await.unwrap();
    let request = only_request(&server).await;
    read_parts(&request)
        .await
        .into_iter()
        .map(|part| {
            let text = String::from_utf8(part.bytes).unwrap();
            (part.name, part.content_type, text)
        })
        .collect()
}

#[tokio::test]
async fn union_and_untyped_parts_are_sent_as_what_their_value_is() {
    let part = |name: &str, json: bool, text: &str| {
        let content_type = json.then(|| "application/json".to_owned());
        (name.to_owned(), content_type, text.to_owned())
    };
    // A string is a text field (no JSON quotes), a number or boolean its text.
    assert_eq!(
        label_parts(
            Granularity::LabelFileRequestGranularityVariant1(One::Word),
            Source::String("https://example.com/a".to_owned()),
            json!(3)
        )
        .await,
        [
            part("granularity", false, "word"),
            part("source", false, "https://example.com/a"),
            part("extra", false, "3"),
        ]
    );
    // An array of scalars is one text field per item (an array field's form); an object,
    // or an array holding one, is JSON.
    assert_eq!(
        label_parts(
            Granularity::Array(vec![Each::Word, Each::Segment]),
            Source::Thing(Thing {
                name: "scan".to_owned()
            }),
            json!([{"a": 1}])
        )
        .await,
        [
            part("granularity", false, "word"),
            part("granularity", false, "segment"),
            part("source", true, r#"{"name":"scan"}"#),
            part("extra", true, r#"[{"a":1}]"#),
        ]
    );
}

#[tokio::test]
async fn absent_optional_parts_are_left_out() {
    let (client, server) = answering(201).await;
    let body = UploadFileRequest {
        title: "Only".to_owned(),
        count: None,
        public: None,
        created: None,
        file: Upload::from(Vec::new()),
        attachments: None,
        tags: Some(Vec::new()),
        meta: None,
        kind: None,
    };
    client.upload_file(body).await.unwrap();
    let parts = read_parts(&only_request(&server).await).await;
    let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["title", "file"]);
    assert!(parts[1].bytes.is_empty());
    assert_eq!(parts[1].file_name.as_deref(), Some("file"));
}

#[tokio::test]
async fn a_file_is_streamed_with_its_exact_bytes_and_content_type() {
    let (client, server) = answering(204).await;
    let mut file = tempfile::NamedTempFile::new().unwrap();
    let content: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    file.write_all(&content).unwrap();
    file.flush().unwrap();
    let upload = Upload::path(file.path()).await.unwrap();
    client.put_blob("backup.bin", upload).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(request.url.path(), "/blobs/backup.bin");
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/octet-stream")
    );
    assert_eq!(
        header(&request, "content-length").as_deref(),
        Some("200000")
    );
    assert!(request.body == content, "the file's exact bytes");
}

#[tokio::test]
async fn a_file_part_is_streamed_from_disk_with_its_file_name() {
    let (client, server) = answering(204).await;
    let dir = tempfile::tempdir().unwrap();
    let file_path = dir.path().join("report.pdf");
    std::fs::write(&file_path, b"%PDF-1.7 content").unwrap();
    let body = AddDocumentMultipartRequest {
        name: Some("Report".to_owned()),
        content: Some(Upload::path(&file_path).await.unwrap()),
    };
    client.add_document_multipart(body).await.unwrap();
    let parts = read_parts(&only_request(&server).await).await;
    assert_eq!(parts.len(), 2);
    assert_eq!(text(&parts[0]), "Report");
    assert_eq!(parts[1].name, "content");
    assert_eq!(parts[1].file_name.as_deref(), Some("report.pdf"));
    assert_eq!(parts[1].bytes, b"%PDF-1.7 content");
}

#[tokio::test]
async fn a_byte_stream_is_sent_chunked_as_the_callers_media_type() {
    let (client, server) = answering(204).await;
    let chunks = vec![
        Ok::<_, std::io::Error>(Bytes::from_static(b"GIF89a")),
        Ok(Bytes::from_static(b"-frames")),
    ];
    let upload = Upload::stream(futures::stream::iter(chunks)).content_type("image/gif");
    client.set_avatar(upload).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("image/gif")
    );
    assert_eq!(request.body, b"GIF89a-frames");
}

#[tokio::test]
async fn a_wildcard_body_without_a_media_type_is_octet_stream() {
    let (client, server) = answering(204).await;
    client.set_avatar(vec![1, 2, 3]).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/octet-stream")
    );
    assert_eq!(request.body, [1, 2, 3]);
}

#[tokio::test]
async fn a_failing_stream_fails_the_call() {
    let (client, _server) = answering(204).await;
    let chunks = vec![
        Ok(Bytes::from_static(b"part")),
        Err(std::io::Error::other("disk gone")),
    ];
    let upload = Upload::stream(futures::stream::iter(chunks));
    assert!(client.put_blob("x", upload).await.is_err());
}

/// Each request's `Content-Type` and body.
async fn sent(server: &MockServer) -> Vec<(String, Vec<u8>)> {
    let requests = server.received_requests().await.unwrap();
    requests
        .iter()
        .map(|r| {
            (
                header(r, "content-type").unwrap_or_default(),
                r.body.clone(),
            )
        })
        .collect()
}

#[tokio::test]
async fn text_bodies_are_sent_as_their_media_type() {
    let (client, server) = answering(204).await;
    client.add_note("remember the milk ✓").await.unwrap();
    client.import_rows("id,name\n1,Ada\n").await.unwrap();
    assert_eq!(
        sent(&server).await,
        [
            (
                "text/plain".to_owned(),
                "remember the milk ✓".as_bytes().to_vec()
            ),
            ("text/csv".to_owned(), b"id,name\n1,Ada\n".to_vec()),
        ]
    );
}

#[tokio::test]
async fn newline_delimited_json_is_sent_as_the_callers_bytes() {
    let (client, server) = answering(204).await;
    let lines = "{\"index\":{\"_id\":\"1\"}}\n{\"title\":\"a\"}\n";
    client
        .bulk_actions(lines.as_bytes().to_vec())
        .await
        .unwrap();
    assert_eq!(
        sent(&server).await,
        [("application/x-ndjson".to_owned(), lines.as_bytes().to_vec())]
    );
}

#[tokio::test]
async fn json_is_the_default_and_xml_the_suffixed_method() {
    let (client, server) = answering(204).await;
    let thing = Thing {
        name: "lamp".to_owned(),
    };
    client.create_thing(&thing).await.unwrap();
    let xml = "<Thing><name>lamp</name></Thing>";
    client.create_thing_xml(xml).await.unwrap();
    assert_eq!(
        sent(&server).await,
        [
            (
                "application/json".to_owned(),
                br#"{"name":"lamp"}"#.to_vec()
            ),
            ("application/xml".to_owned(), xml.as_bytes().to_vec()),
        ]
    );
}

#[tokio::test]
async fn an_operation_offering_json_and_multipart_has_a_method_for_each() {
    let (client, server) = answering(204).await;
    let body = AddDocumentRequest {
        name: "Report".to_owned(),
        url: None,
    };
    client.add_document(&body).await.unwrap();
    client
        .add_document_multipart(AddDocumentMultipartRequest::default())
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].body, br#"{"name":"Report"}"#);
    let content_type = header(&requests[1], "content-type").unwrap();
    assert!(content_type.starts_with("multipart/form-data; boundary="));
    assert!(read_parts(&requests[1]).await.is_empty());
}

#[tokio::test]
async fn a_bytes_body_is_retried_and_a_streamed_one_is_not() {
    let once = RetryPolicy::default()
        .max_retries(1)
        .base_delay(std::time::Duration::ZERO);
    let (client, server) = answering_with(503, once).await;
    assert!(client.put_blob("a", b"bytes".as_slice()).await.is_err());
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
    let stream = futures::stream::iter([Ok::<_, std::io::Error>(Bytes::from_static(b"s"))]);
    assert!(client.put_blob("b", Upload::stream(stream)).await.is_err());
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3, "a stream is sent once");
    assert_eq!(requests[2].body, b"s");
}
