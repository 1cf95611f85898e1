//! The README's media-type examples, compiled with the fixture clients: a multipart upload,
//! a download streamed to a file, and an event stream decoded as it arrives.
//!
//! Run against any server that speaks the fixtures' APIs (a mock such as Prism serving
//! `tests/fixtures/{request_media,binary_responses,event_streams}.yaml`):
//! `MEDIA_BASE_URL=http://127.0.0.1:4010 cargo run -p fixture-client --example media`
//! (`MEDIA_TOKEN`: the downloads' bearer token).

use fixture_client::{binary_responses, event_streams, request_media};
use futures::TryStreamExt;
use tokio::io::AsyncWriteExt;

/// A multipart upload: text fields as parts, the file streamed from disk without buffering.
async fn upload(base_url: &str, file: &str) -> Result<(), Box<dyn std::error::Error>> {
    let client = request_media::Client::builder()
        .base_url(base_url)
        .build()?;
    let upload = request_media::Upload::path(file)
        .await?
        .content_type("image/png");
    let stored = client
        .upload_file(request_media::types::UploadFileRequest {
            title: "scan".into(),
            file: upload,
            tags: Some(vec!["a".into(), "b".into()]),
            count: None,
            public: None,
            created: None,
            attachments: None,
            meta: None,
            kind: None,
        })
        .await?;
    println!("stored: {stored:?}");
    Ok(())
}

/// A download: `download_file` buffers the body as `Bytes` (up to `max_response_bytes`); its
/// `_bytes_stream` twin hands the body over chunk by chunk, so a file of any size fits.
async fn download(base_url: &str, to: &str) -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("MEDIA_TOKEN").unwrap_or_default();
    let client = binary_responses::Client::builder(token)
        .base_url(base_url)
        .build()?;
    let mut body = client.download_file_bytes_stream_2("f1").await?;
    let mut file = tokio::fs::File::create(to).await?;
    while let Some(chunk) = body.try_next().await? {
        file.write_all(&chunk).await?;
    }
    file.flush().await?;
    Ok(())
}

/// An event stream: each event's `data` decoded into the spec's type as it arrives.
async fn events(base_url: &str) -> Result<(), Box<dyn std::error::Error>> {
    let client = event_streams::Client::builder()
        .base_url(base_url)
        .build()?;
    let mut stream = client.stream_completion().await?;
    while let Some(event) = stream.try_next().await? {
        println!(
            "{} #{}: {:?}",
            event.kind(),
            event.data.index,
            event.data.text
        );
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Ok(base_url) = std::env::var("MEDIA_BASE_URL") else {
        eprintln!("usage: MEDIA_BASE_URL=http://127.0.0.1:4010 cargo run -p fixture-client --example media");
        std::process::exit(2);
    };
    let scratch = std::env::temp_dir().join("specweave-media-example.bin");
    let scratch = scratch.to_string_lossy();
    tokio::fs::write(scratch.as_ref(), b"\x89PNG...").await?;
    upload(&base_url, &scratch).await?;
    download(&base_url, &scratch).await?;
    events(&base_url).await?;
    Ok(())
}
