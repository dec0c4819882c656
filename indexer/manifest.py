"""What an index was built from and with: the part of ``manifest.json`` a builder writes.

``store.write_index`` adds the rest (format, generation, time, files,
checksums, lexicon version) when it writes the manifest.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Model:
    id: str  # sentence-transformers name or path
    label: str  # how it is shown ("multilingual-e5-small, 4-bit")
    dim: int


@dataclass(frozen=True)
class Manifest:
    model: Model
    chunking: dict  # the settings chunks depend on: chunker, size, reader (or a digest)
    sources: dict = field(default_factory=dict)  # file name -> sha256, doc_id, year, title, chunks
    corpus: str = ""  # the folder the reports were read from (absolute)
    vector_store: dict = field(default_factory=dict)  # {"kind": "milvus", "uri": ...} or empty

    def to_dict(self) -> dict:
        d = {"model": asdict(self.model), "chunking": self.chunking, "sources": self.sources}
        return (d | ({"corpus": self.corpus} if self.corpus else {})
                | ({"vector_store": self.vector_store} if self.vector_store else {}))

    @classmethod
    def from_dict(cls, d: dict) -> Manifest:
        m = d.get("model", {})
        return cls(Model(m.get("id", ""), m.get("label", ""), int(m.get("dim", 0))),
                   d.get("chunking", {}), d.get("sources", {}), d.get("corpus", ""),
                   d.get("vector_store", {}))
