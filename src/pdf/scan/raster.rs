//! A scanned page as pixels: the image XObjects placed on it, decoded to gray and drawn
//! through the matrix that placed them, on a white page at a fixed resolution.

use lopdf::{Document, Object, Stream};

use crate::error::{ConvertError, Result};
use crate::limits::{Limits, exceeded};
use crate::pdf::geometry::Matrix;
use crate::pdf::obj;
use crate::pdf::page::PageContent;

/// Resolution of the page raster, in pixels per point (300 dpi): what Tesseract reads
/// best; a 200 dpi scan is drawn up to it.
pub const PIXELS_PER_POINT: f32 = 300.0 / 72.0;

/// An 8-bit gray image, rows top to bottom (0 black, 255 white).
#[derive(Debug, Clone)]
pub struct Gray {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

impl Gray {
    pub fn new(width: usize, height: usize, value: u8) -> Gray {
        Gray {
            width,
            height,
            pixels: vec![value; width * height],
        }
    }

    pub fn get(&self, x: usize, y: usize) -> u8 {
        self.pixels[y * self.width + x]
    }
}

/// `trop_volumineux` for an image of `pixels` pixels.
fn too_many_pixels(pixels: u64, limits: &Limits) -> ConvertError {
    exceeded(
        format!("image de {pixels} pixels"),
        format!("{} pixels (pixels d'une image)", limits.max_image_pixels),
        "max-image-mpx",
    )
}

/// The page drawn from its images, or `None` when none of them could be decoded.
pub fn render(doc: &Document, page: &PageContent, limits: &Limits) -> Result<Option<Gray>> {
    let width = (page.width * PIXELS_PER_POINT).ceil().max(1.0) as usize;
    let height = (page.height * PIXELS_PER_POINT).ceil().max(1.0) as usize;
    let pixels = width as u64 * height as u64;
    if pixels > limits.max_image_pixels {
        return Err(too_many_pixels(pixels, limits));
    }
    let mut out = Gray::new(width, height, 255);
    let mut drawn = false;
    for placed in &page.placed_images {
        let Ok(Object::Stream(stream)) = doc.get_object(placed.id) else {
            continue;
        };
        let Some(image) = decode(doc, stream, limits)? else {
            continue;
        };
        drawn |= draw(&mut out, &image, &placed.matrix);
    }
    Ok(drawn.then_some(out))
}

/// Draw `image` (its unit square mapped by `m` to page space) on `out`: each page pixel
/// takes the image sample its centre falls on (bilinear), pixels outside stay.
fn draw(out: &mut Gray, image: &Gray, m: &Matrix) -> bool {
    // Page pixel → page point → unit square: invert m scaled by PIXELS_PER_POINT.
    let s = PIXELS_PER_POINT;
    let [a, b, c, d, e, f] = m.0.map(|v| v * s);
    let det = a * d - b * c;
    if !det.is_finite() || det.abs() < 1e-6 {
        return false;
    }
    let inv = [d / det, -b / det, -c / det, a / det];
    // Bounding box of the image on the page.
    let corners = [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]
        .map(|[u, v]: [f32; 2]| [a * u + c * v + e, b * u + d * v + f]);
    let clamp_x = |v: f32| (v.max(0.0) as usize).min(out.width);
    let clamp_y = |v: f32| (v.max(0.0) as usize).min(out.height);
    let x0 = clamp_x(
        corners
            .iter()
            .map(|p| p[0])
            .fold(f32::MAX, f32::min)
            .floor(),
    );
    let x1 = clamp_x(corners.iter().map(|p| p[0]).fold(f32::MIN, f32::max).ceil());
    let y0 = clamp_y(
        corners
            .iter()
            .map(|p| p[1])
            .fold(f32::MAX, f32::min)
            .floor(),
    );
    let y1 = clamp_y(corners.iter().map(|p| p[1]).fold(f32::MIN, f32::max).ceil());
    let (iw, ih) = (image.width as f32, image.height as f32);
    for y in y0..y1 {
        let py = y as f32 + 0.5 - f;
        for x in x0..x1 {
            let px = x as f32 + 0.5 - e;
            let u = inv[0] * px + inv[2] * py;
            let v = inv[1] * px + inv[3] * py;
            if !(0.0..1.0).contains(&u) || !(0.0..1.0).contains(&v) {
                continue;
            }
            // Image rows run from the top of the unit square (v = 1) down.
            let sx = u * iw - 0.5;
            let sy = (1.0 - v) * ih - 0.5;
            out.pixels[y * out.width + x] = sample(image, sx, sy);
        }
    }
    x1 > x0 && y1 > y0
}

/// Bilinear sample at (x, y), clamped to the image.
pub fn sample(image: &Gray, x: f32, y: f32) -> u8 {
    let max_x = image.width as f32 - 1.0;
    let max_y = image.height as f32 - 1.0;
    let (x, y) = (x.clamp(0.0, max_x), y.clamp(0.0, max_y));
    let (x0, y0) = (x.floor() as usize, y.floor() as usize);
    let (x1, y1) = (
        (x0 + 1).min(image.width - 1),
        (y0 + 1).min(image.height - 1),
    );
    let (fx, fy) = (x - x0 as f32, y - y0 as f32);
    let p = |x, y| f32::from(image.get(x, y));
    let top = p(x0, y0) * (1.0 - fx) + p(x1, y0) * fx;
    let bottom = p(x0, y1) * (1.0 - fx) + p(x1, y1) * fx;
    (top * (1.0 - fy) + bottom * fy).round() as u8
}

/// An image XObject as gray pixels: JPEG (DCTDecode) by the `image` crate, other
/// samples (Flate with or without predictors, uncompressed) unpacked here for 1 to 16
/// bits per component, gray, RGB, CMYK and indexed colours, and stencil masks. `None`
/// for what is not handled (CCITT, JBIG2, JPEG 2000).
pub fn decode(doc: &Document, stream: &Stream, limits: &Limits) -> Result<Option<Gray>> {
    let dict = &stream.dict;
    let width = obj::get_int(doc, dict, b"Width").unwrap_or(0);
    let height = obj::get_int(doc, dict, b"Height").unwrap_or(0);
    if width <= 0 || height <= 0 {
        return Ok(None);
    }
    let (width, height) = (width as usize, height as usize);
    let pixels = width as u64 * height as u64;
    if pixels > limits.max_image_pixels {
        return Err(too_many_pixels(pixels, limits));
    }
    let filters: Vec<Vec<u8>> = stream
        .filters()
        .map(|f| f.into_iter().map(<[u8]>::to_vec).collect())
        .unwrap_or_default();
    let last = filters.last().map(Vec::as_slice);
    if last == Some(b"DCTDecode") || last == Some(b"DCT") {
        if filters.len() != 1 {
            return Ok(None);
        }
        return Ok(decode_jpeg(&stream.content, width, height));
    }
    if filters.iter().any(|f| {
        !matches!(
            f.as_slice(),
            b"FlateDecode" | b"Fl" | b"LZWDecode" | b"LZW" | b"ASCIIHexDecode" | b"AHx"
        )
    }) {
        return Ok(None);
    }
    let data = obj::decode_counted(stream, limits, &mut crate::limits::Usage::default())?;
    let stencil = dict
        .get(b"ImageMask")
        .ok()
        .and_then(|o| o.as_bool().ok())
        .unwrap_or(false);
    let bits = if stencil {
        1
    } else {
        obj::get_int(doc, dict, b"BitsPerComponent").unwrap_or(8)
    };
    if !stencil && let Some(palette) = palette(doc, dict.get(b"ColorSpace").ok()) {
        return Ok(unpack_indexed(
            &data,
            width,
            height,
            bits as usize,
            &palette,
        ));
    }
    let components = if stencil {
        Some(1)
    } else {
        components(doc, dict.get(b"ColorSpace").ok())
    };
    let Some(components) = components else {
        return Ok(None);
    };
    let decode_inverted = obj::get(doc, dict, b"Decode")
        .and_then(|o| obj::nums(doc, o))
        .is_some_and(|v| v.len() >= 2 && v[0] > v[1]);
    Ok(unpack(
        &data,
        width,
        height,
        bits as usize,
        components,
        // A stencil paints where the sample is 0 (black ink), unless /Decode [1 0].
        decode_inverted,
    ))
}

/// Components per pixel of a colour space (gray 1, RGB 3, CMYK 4, ICC by /N); `None`
/// for spaces not handled.
fn components(doc: &Document, cs: Option<&Object>) -> Option<usize> {
    let cs = obj::deref(doc, cs?);
    match cs {
        Object::Name(n) => match n.as_slice() {
            b"DeviceGray" | b"G" | b"CalGray" => Some(1),
            b"DeviceRGB" | b"RGB" | b"CalRGB" => Some(3),
            b"DeviceCMYK" | b"CMYK" => Some(4),
            _ => None,
        },
        Object::Array(a) => match a.first().map(|o| obj::deref(doc, o)) {
            Some(Object::Name(n)) if n == b"ICCBased" => {
                let stream = match a.get(1).map(|o| obj::deref(doc, o)) {
                    Some(Object::Stream(s)) => s,
                    _ => return None,
                };
                match obj::get_int(doc, &stream.dict, b"N") {
                    Some(n @ (1 | 3 | 4)) => Some(n as usize),
                    _ => None,
                }
            }
            Some(Object::Name(_)) => components(doc, a.first()),
            _ => None,
        },
        _ => None,
    }
}

/// The gray of each colour of an indexed colour space (`[/Indexed base hival lookup]`,
/// the lookup a string or a stream of `hival + 1` colours of the base space); `None` for
/// any other space.
fn palette(doc: &Document, cs: Option<&Object>) -> Option<Vec<u8>> {
    let Object::Array(a) = obj::deref(doc, cs?) else {
        return None;
    };
    match a.first().map(|o| obj::deref(doc, o)) {
        Some(Object::Name(n)) if n == b"Indexed" || n == b"I" => {}
        _ => return None,
    }
    let base = components(doc, a.get(1))?;
    // At most 256 colours: an index has at most 8 bits.
    let hival = usize::try_from(obj::num_deref(doc, a.get(2)?)? as i64).ok()?;
    let colours = hival.min(255) + 1;
    let lookup: Vec<u8> = match obj::deref(doc, a.get(3)?) {
        Object::String(bytes, _) => bytes.clone(),
        Object::Stream(stream) => obj::stream_bytes(stream, colours * base).ok()?,
        _ => return None,
    };
    let entries = lookup.chunks_exact(base).take(colours);
    Some(
        entries
            .map(|c| {
                let values: Vec<f32> = c.iter().map(|&v| f32::from(v) / 255.0).collect();
                (lightness(&values).clamp(0.0, 1.0) * 255.0).round() as u8
            })
            .collect(),
    )
}

/// Indexes of 1 to 8 bits → gray through `palette` (an index past it is white).
fn unpack_indexed(
    data: &[u8],
    width: usize,
    height: usize,
    bits: usize,
    palette: &[u8],
) -> Option<Gray> {
    if !matches!(bits, 1 | 2 | 4 | 8) {
        return None;
    }
    let row_bytes = (width * bits).div_ceil(8);
    if data.len() < row_bytes * height {
        return None;
    }
    let mut out = Gray::new(width, height, 255);
    for y in 0..height {
        let row = &data[y * row_bytes..(y + 1) * row_bytes];
        for x in 0..width {
            let i = x * bits;
            let index = (row[i / 8] as usize >> (8 - bits - i % 8)) & ((1 << bits) - 1);
            out.pixels[y * width + x] = palette.get(index).copied().unwrap_or(255);
        }
    }
    Some(out)
}

/// Lightness (0 black, 1 white) of a colour of 1 (gray), 3 (RGB) or 4 (CMYK)
/// components, each 0–1: gray from RGB by luma, from CMYK by removing the black and the
/// colours' mean from white.
fn lightness(values: &[f32]) -> f32 {
    match values {
        [g] => *g,
        [r, g, b] => 0.299 * r + 0.587 * g + 0.114 * b,
        [c, m, y, k, ..] => (1.0 - (c + m + y) / 3.0) * (1.0 - k),
        _ => 1.0,
    }
}

/// Samples → gray. Gray from RGB by luma, from CMYK by removing the black and the
/// colours' mean from white.
fn unpack(
    data: &[u8],
    width: usize,
    height: usize,
    bits: usize,
    components: usize,
    inverted: bool,
) -> Option<Gray> {
    if !matches!(bits, 1 | 2 | 4 | 8 | 16) {
        return None;
    }
    let row_bits = width * components * bits;
    let row_bytes = row_bits.div_ceil(8);
    if data.len() < row_bytes * height {
        return None;
    }
    let max = ((1u32 << bits.min(8)) - 1) as f32;
    let mut out = Gray::new(width, height, 255);
    let mut values = vec![0f32; components];
    for y in 0..height {
        let row = &data[y * row_bytes..(y + 1) * row_bytes];
        for x in 0..width {
            for (c, v) in values.iter_mut().enumerate() {
                let i = (x * components + c) * bits;
                let raw = match bits {
                    16 => row[i / 8] as u32,
                    8 => row[i / 8] as u32,
                    _ => (row[i / 8] as u32 >> (8 - bits - i % 8)) & ((1 << bits) - 1),
                };
                let mut unit = raw as f32 / max;
                if inverted {
                    unit = 1.0 - unit;
                }
                *v = unit;
            }
            out.pixels[y * width + x] = (lightness(&values).clamp(0.0, 1.0) * 255.0).round() as u8;
        }
    }
    Some(out)
}

/// A JPEG as gray, if it decodes and its size is the one the PDF declares.
fn decode_jpeg(bytes: &[u8], width: usize, height: usize) -> Option<Gray> {
    let image = image::load_from_memory_with_format(bytes, image::ImageFormat::Jpeg).ok()?;
    let gray = image.to_luma8();
    let (w, h) = (gray.width() as usize, gray.height() as usize);
    (w == width && h == height).then(|| Gray {
        width: w,
        height: h,
        pixels: gray.into_raw(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bit_rows_are_padded_to_bytes() {
        // 3 × 2, 1 bit: row 0 = 1 0 1, row 1 = 0 1 0.
        let g = unpack(&[0b1010_0000, 0b0100_0000], 3, 2, 1, 1, false).unwrap();
        assert_eq!(g.pixels, vec![255, 0, 255, 0, 255, 0]);
        let g = unpack(&[0b1010_0000, 0b0100_0000], 3, 2, 1, 1, true).unwrap();
        assert_eq!(g.pixels, vec![0, 255, 0, 255, 0, 255]);
    }

    #[test]
    fn rgb_and_cmyk_to_gray() {
        let g = unpack(&[255, 255, 255, 0, 0, 0], 2, 1, 8, 3, false).unwrap();
        assert_eq!(g.pixels, vec![255, 0]);
        let g = unpack(&[0, 0, 0, 0, 0, 0, 0, 255], 2, 1, 8, 4, false).unwrap();
        assert_eq!(g.pixels, vec![255, 0]);
        assert!(unpack(&[0], 2, 1, 8, 3, false).is_none());
    }

    #[test]
    fn indexed_colours_through_their_palette() {
        // Two colours of an RGB palette, white and dark red; 2 bits per index, so 3
        // looks past the palette (white).
        let palette: Vec<u8> = [[255u8, 255, 255], [128, 0, 0]]
            .iter()
            .map(|c| {
                let v: Vec<f32> = c.iter().map(|&v| f32::from(v) / 255.0).collect();
                (lightness(&v) * 255.0).round() as u8
            })
            .collect();
        assert_eq!(palette, vec![255, 38]);
        let g = unpack_indexed(&[0b0001_1100], 4, 1, 2, &palette).unwrap();
        assert_eq!(g.pixels, vec![255, 38, 255, 255]);
        assert!(unpack_indexed(&[0], 4, 2, 2, &palette).is_none());
        assert!(unpack_indexed(&[0], 1, 1, 16, &palette).is_none());
    }

    #[test]
    fn drawn_through_the_matrix() {
        // A 2 × 1 image (black, white) placed on the left half of a 2 × 1 pt page.
        let image = Gray {
            width: 2,
            height: 1,
            pixels: vec![0, 255],
        };
        let w = (2.0 * PIXELS_PER_POINT).ceil() as usize;
        let h = PIXELS_PER_POINT.ceil() as usize;
        let mut out = Gray::new(w, h, 200);
        // Unit square → x 0..1 pt, y 0..1 pt, flipped as a page matrix does.
        assert!(draw(
            &mut out,
            &image,
            &Matrix([1.0, 0.0, 0.0, -1.0, 0.0, 1.0])
        ));
        assert!(out.get(0, 0) < 64, "left of the image is black");
        assert_eq!(out.get(w - 1, 0), 200, "right of the page untouched");
    }
}
