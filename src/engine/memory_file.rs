//! A [`FileSource`] held in memory: the generated manifest, and test files.

use super::ports::{FileError, FileSource};
use futures_util::future::LocalBoxFuture;

pub struct MemoryFile {
    name: String,
    content_type: String,
    bytes: Vec<u8>,
}

impl MemoryFile {
    pub fn new(name: &str, content_type: &str, bytes: Vec<u8>) -> Self {
        MemoryFile { name: name.into(), content_type: content_type.into(), bytes }
    }
}

impl FileSource for MemoryFile {
    fn name(&self) -> String {
        self.name.clone()
    }
    fn size(&self) -> u64 {
        self.bytes.len() as u64
    }
    fn last_modified_ms(&self) -> f64 {
        0.0
    }
    fn content_type(&self) -> String {
        self.content_type.clone()
    }
    fn read(&self, start: u64, end: u64) -> LocalBoxFuture<'_, Result<Vec<u8>, FileError>> {
        let r = if start <= end && end <= self.bytes.len() as u64 {
            Ok(self.bytes[start as usize..end as usize].to_vec())
        } else {
            Err(FileError(format!("range {start}..{end} is outside the {} bytes of {}", self.bytes.len(), self.name)))
        };
        Box::pin(async move { r })
    }
}
