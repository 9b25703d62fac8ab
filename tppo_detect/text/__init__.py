"""Reading a post: Unicode and obfuscation folding (normalize, deobfuscate), masking of
links/numbers (entities), contacts, Sastrawi preprocessing, the analysts' red-flag lexicon
(lexicon, signals), institution impersonation, and text from images (ocr)."""
