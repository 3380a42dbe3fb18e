"""Build hook for the compiled loops (``talentflow/*/_*.pyx``), everything else being in
pyproject.toml. The extensions are optional: where no C compiler is available the package
installs without them and their pure-Python twins serve, slower (``talentflow.compiled``)."""

from Cython.Build import cythonize
from setuptools import Extension, setup

EXTENSIONS = [
    Extension("talentflow.nlp._scan", ["talentflow/nlp/_scan.pyx"], optional=True),
    Extension("talentflow.nlp._sequences", ["talentflow/nlp/_sequences.pyx"], optional=True),
    Extension("talentflow.ingest._sentences", ["talentflow/ingest/_sentences.pyx"], optional=True),
]

MODULES = cythonize(EXTENSIONS, language_level=3, quiet=True)
for module in MODULES:  # cythonize builds new Extension objects, without ``optional``
    module.optional = True
setup(ext_modules=MODULES)
