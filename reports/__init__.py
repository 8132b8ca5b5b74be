"""Report layer: charts (Plotly), chart export (kaleido) and PDFs (WeasyPrint)."""
