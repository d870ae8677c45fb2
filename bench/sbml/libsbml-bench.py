#!/usr/bin/python3
"""libSBML side of bench/sbml (Debian python3-sbml5; run with /usr/bin/python3). Prints one JSON object.

  /usr/bin/python3 libsbml-bench.py cold --file <model.xml>
      A fresh process: times `import libsbml`, then ONE readSBMLFromString on the text already in memory.
  /usr/bin/python3 libsbml-bench.py warm --file <model.xml> --reps N --warmup W [--consistency-reps K]
      W untimed reads, then N timed reads of each variant (interleaved); median and min in ms.

What the measured calls do (libSBML 5.19, src/sbml/SBMLReader.cpp readInternal):
  read            libsbml.readSBMLFromString(text): XML parse (libSBML's XMLInputStream over the Debian build's
                  XML parser, libxml2) + construction of the whole SBMLDocument object model (every SBase
                  object, attributes type-checked, MathML converted to ASTNode trees, annotations/notes kept as
                  XMLNode trees) + the read-time checks that log into the document's error log (XML
                  well-formedness, unknown/missing/ill-typed attributes and elements, missing XML declaration
                  or model). It does NOT run the consistency validators (no checkConsistency, no unit checks).
  read+errors     the same plus doc.getNumErrors() and doc.getModel() (what a caller does right after reading;
                  reads the already-filled error log: no extra validation).
  read+consistency  the same plus doc.checkConsistency(): libSBML's full validation (identifier, MathML, SBO,
                  overdetermination, unit consistency and modelling-practice rules). Reported for reference
                  only: it does far more than ExoSim's importer checks.
Timer: time.perf_counter(); the SBMLDocument is released (del) outside the timed region.
"""
import json
import statistics
import sys
import time

t_start = time.perf_counter()


def arg(name, default=None):
    flag = f"--{name}"
    return sys.argv[sys.argv.index(flag) + 1] if flag in sys.argv else default


def summary(xs):
    return {"n": len(xs), "medianMs": statistics.median(xs), "minMs": min(xs), "maxMs": max(xs)}


def load(file):
    with open(file, "r", encoding="utf-8") as f:
        return f.read()


def cold():
    file = arg("file")
    text = load(file)
    t0 = time.perf_counter()
    import libsbml  # noqa: PLC0415  (the import is timed)
    t1 = time.perf_counter()
    doc = libsbml.readSBMLFromString(text)
    t2 = time.perf_counter()
    n_err = doc.getNumErrors()
    m = doc.getModel()
    out = {
        "mode": "cold",
        "file": file,
        "libsbml": libsbml.getLibSBMLDottedVersion(),
        "xmlParser": dependencies(libsbml),
        "moduleImportMs": (t1 - t0) * 1e3,
        "readMs": (t2 - t1) * 1e3,
        "processToEndMs": (time.perf_counter() - t_start) * 1e3,
        "numErrors": n_err,
        "species": m.getNumSpecies() if m else None,
        "reactions": m.getNumReactions() if m else None,
    }
    print(json.dumps(out))


def dependencies(libsbml):
    try:
        for name in ("libxml2", "expat", "xerces-c"):
            if libsbml.isLibSBMLCompiledWith(name):
                return f"{name} {libsbml.getLibSBMLDependencyVersionOf(name)}"
    except AttributeError:
        pass
    return "unknown"


def warm():
    import libsbml  # noqa: PLC0415

    file = arg("file")
    reps = int(arg("reps", "50"))
    warmup = int(arg("warmup", "5"))
    cons_reps = int(arg("consistency-reps", "3"))
    text = load(file)
    for _ in range(warmup):
        doc = libsbml.readSBMLFromString(text)
        del doc
    read, read_err = [], []
    n_err = None
    for _ in range(reps):
        t0 = time.perf_counter()
        doc = libsbml.readSBMLFromString(text)
        t1 = time.perf_counter()
        read.append((t1 - t0) * 1e3)
        del doc
        t0 = time.perf_counter()
        doc = libsbml.readSBMLFromString(text)
        n_err = doc.getNumErrors()
        m = doc.getModel()
        t1 = time.perf_counter()
        read_err.append((t1 - t0) * 1e3)
        counts = {"species": m.getNumSpecies(), "reactions": m.getNumReactions()} if m else {}
        del m, doc
    cons = []
    n_cons = None
    for _ in range(cons_reps):
        t0 = time.perf_counter()
        doc = libsbml.readSBMLFromString(text)
        doc.getNumErrors()
        n_cons = doc.checkConsistency()
        t1 = time.perf_counter()
        cons.append((t1 - t0) * 1e3)
        del doc
    out = {
        "mode": "warm",
        "file": file,
        "libsbml": libsbml.getLibSBMLDottedVersion(),
        "xmlParser": dependencies(libsbml),
        "python": sys.version.split()[0],
        "warmup": warmup,
        "read": summary(read),
        "readErrors": summary(read_err),
        "readConsistency": summary(cons) if cons else None,
        "numErrors": n_err,
        "consistencyIssues": n_cons,
        "counts": counts,
    }
    print(json.dumps(out))


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "cold":
        cold()
    elif cmd == "warm":
        warm()
    else:
        sys.stderr.write("usage: libsbml-bench.py cold|warm --file <model.xml> [options]\n")
        sys.exit(2)
