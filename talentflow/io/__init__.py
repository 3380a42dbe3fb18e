"""File output shared by every command: atomic writes and the output contract (:mod:`.output`)."""

from talentflow.io.atomic import atomic_path, write_bytes, write_text
from talentflow.io.output import OutputError, output_file, output_folder

__all__ = ["OutputError", "atomic_path", "output_file", "output_folder", "write_bytes", "write_text"]
