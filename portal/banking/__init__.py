"""Bank statement import: read camt.053 or CSV exports, propose which invoice each payment is for,
and book the confirmed ones as payments (DESIGN §5)."""
