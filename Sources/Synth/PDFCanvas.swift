import CCairo
import Foundation

/// Draws text into a PDF with cairo: the generator behind the project's own test documents
/// (and, later, the synthetic training corpus). Coordinates are points from the top-left.
/// Owns the cairo surface and context; `finish()` writes the file, deinit frees both.
///
/// With `.scan` or `.png` output it draws into a grayscale picture instead, as a scanner or a
/// phone camera would hand the page over: `.scan` writes a PDF whose pages are only that
/// picture (no text layer, the input OCR is for), `.png` the first page as an image file.
public final class PDFCanvas {
    public enum Output: Sendable {
        case pdf
        /// Pages drawn at this resolution (dots per inch) and placed in the PDF as images.
        case scan(dpi: Double)
        /// The first page drawn at this resolution and written as a PNG.
        case png(dpi: Double)
    }

    private let surface: OpaquePointer
    /// The page picture and its context, for `.scan` and `.png`.
    private let picture: OpaquePointer?
    private let pageContext: OpaquePointer?
    /// Where drawing goes: the PDF page, or the picture.
    private let context: OpaquePointer
    private let output: Output
    private let path: String
    public let width: Double
    public let height: Double
    /// The font family text is drawn in (DejaVu Sans, DejaVu Serif or DejaVu Sans Mono here).
    public var font = "DejaVu Sans"
    private var finished = false

    public init(path: String, width: Double = 595.28, height: Double = 841.89, output: Output = .pdf) throws {
        let dpi: Double?
        switch output {
        case .pdf: dpi = nil
        case .scan(let d), .png(let d): dpi = d
        }
        // A PNG is written from the picture alone; the PDF surface then only keeps cairo's
        // calls alike and goes to /dev/null.
        let pdfPath: String
        if case .png = output { pdfPath = "/dev/null" } else { pdfPath = path }
        guard let surface = cairo_pdf_surface_create(pdfPath, width, height), cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS,
              let pdfContext = cairo_create(surface) else {
            throw SynthError("cairo cannot create \(path)")
        }
        if let dpi {
            let picture = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32((width * dpi / 72).rounded()), Int32((height * dpi / 72).rounded()))
            guard let picture, cairo_surface_status(picture) == CAIRO_STATUS_SUCCESS, let drawing = cairo_create(picture) else {
                cairo_destroy(pdfContext)
                cairo_surface_destroy(surface)
                throw SynthError("cairo cannot draw a \(Int(width * dpi / 72)) pixel wide page")
            }
            cairo_scale(drawing, dpi / 72, dpi / 72)
            self.picture = picture
            self.pageContext = pdfContext
            self.context = drawing
        } else {
            self.picture = nil
            self.pageContext = nil
            self.context = pdfContext
        }
        self.surface = surface
        self.output = output
        self.path = path
        self.width = width
        self.height = height
        clearPicture()
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Docket test fixtures")
        // A fixed date keeps generated files byte-identical from run to run (same seed, same hash).
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "2026-01-01T00:00:00Z")
    }

    deinit {
        if !finished { cairo_surface_finish(surface) }
        cairo_destroy(context)
        if let pageContext { cairo_destroy(pageContext) }
        if let picture { cairo_surface_destroy(picture) }
        cairo_surface_destroy(surface)
    }

    /// White paper, black ink.
    private func clearPicture() {
        guard picture != nil else { return }
        cairo_set_source_rgb(context, 1, 1, 1)
        cairo_paint(context)
        cairo_set_source_rgb(context, 0, 0, 0)
    }

    /// Puts the picture of the page drawn so far on the PDF page, scaled back to points.
    private func placePicture() {
        guard let picture, let pageContext, case .scan(let dpi) = output else { return }
        cairo_save(pageContext)
        cairo_scale(pageContext, 72 / dpi, 72 / dpi)
        cairo_set_source_surface(pageContext, picture, 0, 0)
        cairo_paint(pageContext)
        cairo_restore(pageContext)
    }

    public func setTitle(_ title: String) {
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
    }

    /// Draws `text` with its baseline at `y`, starting at `x`.
    public func text(_ text: String, x: Double, y: Double, size: Double = 10, bold: Bool = false) {
        cairo_select_font_face(context, font, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, size)
        cairo_move_to(context, x, y)
        cairo_show_text(context, text)
    }

    /// How wide `text` is drawn, for right-aligned columns.
    public func width(of text: String, size: Double = 10, bold: Bool = false) -> Double {
        cairo_select_font_face(context, font, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, size)
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text, &extents)
        return extents.x_advance
    }

    /// A filled rectangle: pages with only shapes have no text layer.
    public func box(x: Double, y: Double, width: Double, height: Double, gray: Double = 0.5) {
        cairo_set_source_rgb(context, gray, gray, gray)
        cairo_rectangle(context, x, y, width, height)
        cairo_fill(context)
        cairo_set_source_rgb(context, 0, 0, 0)
    }

    public func newPage() {
        guard picture != nil else { return cairo_show_page(context) }
        placePicture()
        if let pageContext { cairo_show_page(pageContext) }
        clearPicture()
    }

    public func finish() throws {
        if case .png = output, let picture {
            cairo_surface_flush(picture)
            guard cairo_surface_write_to_png(picture, path) == CAIRO_STATUS_SUCCESS else { throw SynthError("cairo cannot write \(path)") }
        }
        placePicture()
        cairo_show_page(pageContext ?? context)
        cairo_surface_finish(surface)
        finished = true
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else { throw SynthError("cairo failed to finish the PDF") }
    }
}

public struct SynthError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
