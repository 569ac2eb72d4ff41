"""The knowledge page tree and documents (see the knowledge-base issue)."""
