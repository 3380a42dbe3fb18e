"""Build hook for the compiled loops (``talentflow/nlp/_*.pyx``), everything else being in
pyproject.toml. The extension is optional: where no C compiler is available the package
installs without it and the pure-Python twins in ``talentflow.nlp.scan`` serve, slower."""

from Cython.Build import cythonize
from setuptools import Extension, setup

EXTENSIONS = [
    Extension("talentflow.nlp._scan", ["talentflow/nlp/_scan.pyx"], optional=True),
    Extension("talentflow.nlp._sequences", ["talentflow/nlp/_sequences.pyx"], optional=True),
    Extension("talentflow.ingest._sentences", ["talentflow/ingest/_sentences.pyx"], optional=True),
]

setup(ext_modules=cythonize(EXTENSIONS, language_level=3, quiet=True))
