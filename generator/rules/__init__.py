"""What a record may say: places then and now, decisions, consent, personal data, reserved names, safe Markdown, takedowns."""
