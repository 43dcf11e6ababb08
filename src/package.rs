//! Zipped document packages (DOCX, ODT): one entry inflated within the limits.

use std::io::{Cursor, Read};

use crate::error::{self, Cause, ConvertError, PartFault, Result};
use crate::limits::{Limits, exceeded};

/// Entries this small are never refused for their compression ratio (a page of spaces
/// compresses well).
const RATIO_FREE_BYTES: u64 = 1024 * 1024;

/// A ZIP archive read from memory, and its size in bytes.
pub(crate) struct Package<'a> {
    pub zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    len_bytes: u64,
}

impl<'a> Package<'a> {
    /// Open the archive's central directory.
    pub fn open(bytes: &'a [u8]) -> zip::result::ZipResult<Self> {
        Ok(Package {
            zip: zip::ZipArchive::new(Cursor::new(bytes))?,
            len_bytes: bytes.len() as u64,
        })
    }

    /// Inflate the entry `name`, bounded by `max_inflated_bytes` and `max_zip_ratio`.
    /// An entry that does not inflate is a damaged part of `package`.
    pub fn inflate(
        &mut self,
        name: &str,
        limits: &Limits,
        package: error::Package,
    ) -> Result<Vec<u8>> {
        let damaged = || {
            ConvertError::of(Cause::BrokenPart {
                package,
                part: name.to_string(),
                fault: PartFault::Inflate,
            })
        };
        let entry = self
            .zip
            .by_name(name)
            .map_err(|e| damaged().with_source(e))?;
        // A central directory can claim any compressed size: the entry holds no more than
        // the archive itself.
        let compressed = entry.compressed_size().min(self.len_bytes).max(1);
        let by_ratio = compressed
            .saturating_mul(limits.max_zip_ratio)
            .max(RATIO_FREE_BYTES);
        let cap = limits.max_inflated_bytes.min(by_ratio);
        let mut out = Vec::new();
        entry
            .take(cap.saturating_add(1))
            .read_to_end(&mut out)
            .map_err(|e| damaged().with_source(e))?;
        if out.len() as u64 > cap {
            return Err(if by_ratio < limits.max_inflated_bytes {
                exceeded(
                    format!(
                        "{name} se décompresse en plus de {cap} octets ({compressed} compressés)"
                    ),
                    format!(
                        "{} fois la taille compressée (taux de compression)",
                        limits.max_zip_ratio
                    ),
                    "max-zip-ratio",
                )
            } else {
                exceeded(
                    format!("{name} se décompresse en plus de {cap} octets"),
                    format!(
                        "{} octets (entrée ZIP décompressée)",
                        limits.max_inflated_bytes
                    ),
                    "max-inflated-mb",
                )
            });
        }
        Ok(out)
    }
}
