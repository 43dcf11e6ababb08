//! Named geometry of the PDF reader (as pdf-rs names it): the affine matrices that map
//! glyph, form, image and user space to page space (PDF 32000-1, 8.3).

/// An affine matrix `[a b c d e f]`: x' = a x + c y + e, y' = b x + d y + f.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Matrix(pub [f32; 6]);

impl Matrix {
    /// Maps every point to itself.
    pub const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// A move by (x, y).
    pub fn translation(x: f32, y: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, x, y])
    }

    /// This matrix, then `next` (PDF's `self × next`: `cm` concatenates its operand
    /// before the CTM).
    pub fn then(&self, next: &Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [na, nb, nc, nd, ne, nf] = next.0;
        Matrix([
            a * na + b * nc,
            a * nb + b * nd,
            c * na + d * nc,
            c * nb + d * nd,
            e * na + f * nc + ne,
            e * nb + f * nd + nf,
        ])
    }

    /// Where the point (x, y) goes.
    pub fn apply(&self, x: f32, y: f32) -> [f32; 2] {
        let [a, b, c, d, e, f] = self.0;
        [a * x + c * y + e, b * x + d * y + f]
    }

    /// The point that goes to (x, y); `None` when the matrix flattens the plane.
    pub fn unapply(&self, x: f32, y: f32) -> Option<[f32; 2]> {
        let [a, b, c, d, e, f] = self.0;
        let det = a * d - b * c;
        if det.abs() < 1e-12 {
            return None;
        }
        let (x, y) = (x - e, y - f);
        Some([(d * x - c * y) / det, (-b * x + a * y) / det])
    }

    /// How long a unit step along x becomes (the horizontal size of text set with it).
    pub fn x_scale(&self) -> f32 {
        self.0[0].hypot(self.0[1])
    }

    /// How long a unit step along y becomes (the size of text set with it).
    pub fn y_scale(&self) -> f32 {
        self.0[2].hypot(self.0[3])
    }

    /// The mean of the two scales, as the square root of the area a unit square
    /// becomes (what a line width becomes).
    pub fn mean_scale(&self) -> f32 {
        let [a, b, c, d, ..] = self.0;
        (a * d - b * c).abs().sqrt()
    }

    /// Whether horizontal and vertical lines stay horizontal and vertical (no rotation
    /// but by quarter turns, no skew): a rectangle stays a rectangle on the page.
    pub fn keeps_axes(&self) -> bool {
        /// Below this, a coefficient is a rounding error, not a rotation.
        const ZERO: f32 = 1e-6;
        let [a, b, c, d, ..] = self.0;
        (b.abs() < ZERO && c.abs() < ZERO) || (a.abs() < ZERO && d.abs() < ZERO)
    }

    /// Whether every coefficient is a finite number (a hostile file may overflow them).
    pub fn is_finite(&self) -> bool {
        self.0.iter().all(|v| v.is_finite())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn then_applies_the_first_matrix_first() {
        let scale = Matrix([2.0, 0.0, 0.0, 2.0, 0.0, 0.0]);
        let moved = scale.then(&Matrix::translation(10.0, 20.0));
        assert_eq!(moved.apply(1.0, 1.0), [12.0, 22.0]);
        let other_way = Matrix::translation(10.0, 20.0).then(&scale);
        assert_eq!(other_way.apply(1.0, 1.0), [22.0, 42.0]);
        assert_eq!(Matrix::IDENTITY.then(&scale), scale);
        assert_eq!(moved.unapply(12.0, 22.0), Some([1.0, 1.0]));
        assert_eq!(
            Matrix([1.0, 2.0, 2.0, 4.0, 0.0, 0.0]).unapply(1.0, 1.0),
            None
        );
        assert!(!Matrix([f32::INFINITY, 0.0, 0.0, 1.0, 0.0, 0.0]).is_finite());
    }
}
