import CCairo
import Foundation

/// Draws text into a PDF with cairo: the generator behind the project's own test documents
/// (and, later, the synthetic training corpus). Coordinates are points from the top-left.
/// Owns the cairo surface and context; `finish()` writes the file, deinit frees both.
public final class PDFCanvas {
    private let surface: OpaquePointer
    private let context: OpaquePointer
    public let width: Double
    public let height: Double
    /// The font family text is drawn in (DejaVu Sans, DejaVu Serif or DejaVu Sans Mono here).
    public var font = "DejaVu Sans"
    private var finished = false

    public init(path: String, width: Double = 595.28, height: Double = 841.89) throws {
        guard let surface = cairo_pdf_surface_create(path, width, height) else {
            throw SynthError("cairo cannot create \(path)")
        }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let context = cairo_create(surface) else {
            cairo_surface_destroy(surface)
            throw SynthError("cairo cannot write \(path)")
        }
        self.surface = surface
        self.context = context
        self.width = width
        self.height = height
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Docket test fixtures")
        // A fixed date keeps generated files byte-identical from run to run (same seed, same hash).
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "2026-01-01T00:00:00Z")
    }

    deinit {
        if !finished { cairo_surface_finish(surface) }
        cairo_destroy(context)
        cairo_surface_destroy(surface)
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

    public func newPage() { cairo_show_page(context) }

    public func finish() throws {
        cairo_show_page(context)
        cairo_surface_finish(surface)
        finished = true
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else { throw SynthError("cairo failed to finish the PDF") }
    }
}

public struct SynthError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
