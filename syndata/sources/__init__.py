"""Data where it lives: SQL databases (read and write) and Parquet files."""
