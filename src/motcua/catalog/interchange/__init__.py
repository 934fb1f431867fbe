"""Import and export of the procedure catalog (nhập, xuất danh mục thủ tục hành chính).

The interchange format is documented in docs/catalog-format.md: one JSON object per procedure version.
`schema` checks and normalises records, `portal` reads the national portal's shape, `importer` writes them
idempotently, `exporter` writes them back, and `flat` writes the flat parts as CSV or XLSX.
"""
