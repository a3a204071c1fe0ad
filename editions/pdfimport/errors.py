"""Errors the PDF import reports to the editor, each with a German sentence."""


class PdfImportError(Exception):
    """Base class: ``message`` is a complete German sentence meant for the user."""

    code = "pdf_import_error"
    default_message = "Die PDF-Datei konnte nicht eingelesen werden."

    def __init__(self, message: str | None = None):
        self.message = message or self.default_message
        super().__init__(self.message)


class NotAPdf(PdfImportError):
    code = "not_a_pdf"
    default_message = "Die Datei ist keine PDF-Datei."


class EncryptedPdf(PdfImportError):
    code = "encrypted"
    default_message = (
        "Die PDF-Datei ist verschlüsselt oder kennwortgeschützt – "
        "bitte eine ungeschützte Fassung hochladen."
    )


class NoTextLayer(PdfImportError):
    code = "no_text"
    default_message = "Die PDF-Datei enthält keinen Text – bitte zuerst OCR durchführen."


class CorruptPdf(PdfImportError):
    code = "corrupt"
    default_message = "Die PDF-Datei ist beschädigt oder unvollständig."


class NoHeadings(PdfImportError):
    code = "no_headings"
    default_message = (
        "Keine nummerierten Überschriften erkannt – das Dokument muss wie das Kochbuch "
        "gegliedert sein (Kapitel „1.“, Abschnitte „1.1“ und „1.1.1“)."
    )


class ImportTimeout(PdfImportError):
    code = "timeout"
    default_message = "Die Verarbeitung der PDF-Datei hat zu lange gedauert und wurde abgebrochen."


class ImportMemoryExceeded(PdfImportError):
    code = "memory"
    default_message = (
        "Die Verarbeitung der PDF-Datei hat zu viel Arbeitsspeicher benötigt "
        "und wurde abgebrochen."
    )


# Looked up by name when an error crosses the process boundary in limits.py.
ERRORS_BY_CODE = {
    cls.code: cls
    for cls in (
        PdfImportError,
        NotAPdf,
        EncryptedPdf,
        NoTextLayer,
        CorruptPdf,
        NoHeadings,
        ImportTimeout,
        ImportMemoryExceeded,
    )
}
