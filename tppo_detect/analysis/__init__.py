"""Analysis over many scored posts: campaigns (shared contacts, near-duplicate texts), the
HTML report, and the notebooks' helpers."""
