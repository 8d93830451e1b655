"""Making stage: the templates prepared and checked against the data, and each document made —
its context, its bytes, a temporary file beside its place.

Making a document changes nothing but that temporary file, so worker processes can make them;
putting them in place is the writer's (see ``writer.Writer``). This module brings in Jinja and the
rest of the rendering code: ``build`` imports it only once a render needs it (while the unit
files are being typed), so that ``validate`` never loads it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from .codes import severity_of
from .diagnostics import Diagnostic, display_path
from .kinds import WORKBOOK_FORMS
from .files import OutputFolder, UnsafeOutput, discard, write_temporary_batched
from .manifest import Entry, input_hash, sha256
from .plan import Job, template_path
from .render.check import Obj, ShapeChecker, merge, shape_of
from .render.docx import PreparedTemplate, TemplateProblem
from .render.environment import make_environment
from .rules import RuleSet

SHAPE_SAMPLE = 64


def mark_shape_sample(jobs: list[Job]) -> None:
    """Mark up to SHAPE_SAMPLE jobs of each form, spread over the round, for the shape check.

    Every context of a form has the same keys (one function builds them all), so a sample gives
    the whole shape; a list empty in every sampled context is left unchecked, never wrongly flagged.
    """
    by_form: dict[str, list[Job]] = {}
    for job in jobs:
        by_form.setdefault(job.form, []).append(job)
    for group in by_form.values():
        for job in group[:: max(1, len(group) // SHAPE_SAMPLE)]:
            job.sampled = True


def prepare_templates(folder: Path, rule_set: RuleSet, cache_folder: Path | None = None) -> dict[str, PreparedTemplate | Diagnostic]:
    """Compile the template of every form of the rule set; one that cannot be used is a diagnostic
    at its file (naming the paragraph). Nothing is written: see PreparedTemplate.save."""
    env = make_environment()
    prepared: dict[str, PreparedTemplate | Diagnostic] = {}
    for form in sorted(rule_set.data.mau):
        path = template_path(folder, rule_set, form)
        if not path.is_file():
            prepared[form] = Diagnostic(display_path(path), 0, 0, severity_of("khong-co-tep-mau"), "khong-co-tep-mau",
                                        f"không tìm thấy tệp mẫu cho '{form}'")
            continue
        try:
            prepared[form] = PreparedTemplate(path, env, cache_folder)
        except TemplateProblem as problem:
            prepared[form] = problem.diagnostic("loi-mau")
    return prepared


def templates_for(prepared: dict[str, PreparedTemplate | Diagnostic], forms: set[str]) -> tuple[dict[str, PreparedTemplate], list[Diagnostic]]:
    """The prepared templates of the forms to render, and the problems of those forms' templates."""
    usable = {form: t for form, t in prepared.items() if form in forms and isinstance(t, PreparedTemplate)}
    problems = [problem for form in sorted(forms) if isinstance(problem := prepared[form], Diagnostic)]
    return usable, problems


def template_notes(templates: dict[str, PreparedTemplate]) -> list[str]:
    """For --verbose, once per template: what the fast path does differently for it, and why."""
    notes = []
    for form, template in sorted(templates.items()):
        where = display_path(template.path)
        if template.fallback is not None:
            notes.append(f"{where} (mẫu '{form}'): lập bằng docxtpl, chậm hơn, vì {template.fallback}")
        elif template.table_fix:
            notes.append(f"{where} (mẫu '{form}'): có bảng mà số ô thay đổi theo dữ liệu; lưới cột được chỉnh lại như docxtpl (chậm hơn)")
    return notes


def check_templates(templates: dict[str, PreparedTemplate], shapes: dict[str, object]) -> list[Diagnostic]:
    """Check each template against the shape of the contexts it is given (see render/check.py)."""
    problems: list[Diagnostic] = []
    for form, shape in shapes.items():
        template = templates.get(form)
        if template is None or not isinstance(shape, Obj):  # a context is a mapping: its shape an Obj
            continue
        checker = ShapeChecker(shape, template.env)
        for part in template.sources():
            for line, message in checker.check(part):
                problems.append(TemplateProblem(template.path, message, part.paragraph(line)).diagnostic("mau-khong-khop"))
    return problems


def sampled_shapes(jobs: list[Job], shapes: list[object | None]) -> dict[str, object]:
    """The merged shape of each form's sampled contexts, in the order of the jobs."""
    merged: dict[str, object] = {}
    for job, shape in zip(jobs, shapes, strict=True):
        if shape is not None:
            merged[job.form] = merge(merged.get(job.form), shape)
    return merged


@dataclass(frozen=True)
class Made:
    """What making one document came to; small, as it travels back from a worker process."""

    state: Literal["up_to_date", "unsafe", "failed", "rendered"]  # failed: its template
    input: str = ""  # rendered: the input hash
    digest: str = ""  # rendered: sha256 of the bytes
    waiting: Path | None = None  # rendered: the temporary file that holds the bytes until committed
    size: int = 0  # rendered: of the temporary file, which renaming it keeps
    mtime_ns: int = 0
    message: str = ""  # unsafe: why
    problem: Diagnostic | None = None  # failed: why
    shape: object | None = None  # of a sampled job's context, for the template check


class DocumentMaker:
    """Makes one document: is it needed, its bytes, written to a temporary file beside its place.

    It changes nothing but that temporary file, so worker processes can run it: committing
    (checking for a person's edits, renaming into place, the manifest) is the Writer's, in one
    process, once every document is made.
    """

    def __init__(self, out: Path, documents: dict[str, Entry], templates: dict[str, PreparedTemplate], rules: str, force: bool) -> None:
        self.out, self.documents, self.templates, self.rules, self.force = out, documents, templates, rules, force
        self.place = OutputFolder(out)
        self.template_hashes = {form: sha256(t.raw) for form, t in templates.items()}

    def make(self, job: Job) -> Made:
        try:
            target, found = self.place.status(job.output)
        except UnsafeOutput as refusal:
            return Made("unsafe", message=str(refusal))
        shape = shape_of(job.context) if job.sampled else None
        try:
            wanted = input_hash(job.context, self.template_hashes.get(job.form, WORKBOOK), self.rules)
            entry = self.documents.get(job.output.as_posix())
            if not self.force and entry is not None and entry.input == wanted and found is not None and entry.matches_file(target, found):
                return Made("up_to_date", shape=shape)
            data = _workbook(job.context) if job.form in WORKBOOK_FORMS else self.templates[job.form].render(job.context)
        except TemplateProblem as problem:
            return Made("failed", problem=problem.diagnostic("lap-khong-duoc"), shape=shape)
        finally:
            job.forget_context()
        self.place.make_folder_of(target)
        waiting = write_temporary_batched(target, data)
        written = waiting.stat()
        return Made("rendered", wanted, sha256(data), waiting, written.st_size, written.st_mtime_ns, shape=shape)


WORKBOOK = "workbook"  # what stands for a template in the input hash of a kind made without one


def _workbook(context: dict) -> bytes:
    from .excel import tables_workbook  # openpyxl only when a workbook is asked for

    return tables_workbook(context)


class StopMaking(Exception):
    """Raised while documents are made, to leave the run with nothing written (for these template problems)."""

    def __init__(self, problems: list[Diagnostic]) -> None:
        super().__init__(problems)
        self.problems = problems


def check_first_shape(form: str, outcome: Made, templates: dict[str, PreparedTemplate], checked: set[str]) -> None:
    """A typo in a template shows at once: each form is checked on the first shape that comes
    back, and the making stops there (the whole sample is checked once every document is made)."""
    if outcome.shape is None or form in checked or form not in templates:
        return
    checked.add(form)
    problems = check_templates({form: templates[form]}, {form: outcome.shape})
    if problems:
        raise StopMaking(problems)


def check_without_making(jobs: list[Job], templates: dict[str, PreparedTemplate]) -> list[Diagnostic]:
    mark_shape_sample(jobs)
    return check_templates(templates, sampled_shapes(jobs, [shape_of(job.context) if job.sampled else None for job in jobs]))


def _failures_by_form(jobs: list[Job], made: list[Made]) -> list[Diagnostic]:
    """One diagnostic per template that failed (the first document's), with how many more failed."""
    failed: dict[str, list[Diagnostic]] = {}
    for job, outcome in zip(jobs, made, strict=True):
        if outcome.problem is not None:
            failed.setdefault(job.form, []).append(outcome.problem)
    problems = []
    for found in failed.values():
        others = len(found) - 1
        problems.append(replace(found[0], message=found[0].message + (f" (và {others} văn bản khác theo mẫu này)" if others else "")))
    return sorted(problems)


def check_made(jobs: list[Job], made: list[Made], templates: dict[str, PreparedTemplate]) -> None:
    """Stop, with nothing written, if a template does not fit its data or failed to render."""
    # A template that does not fit its data is explained by the check; its render failures only echo it.
    problems = check_templates(templates, sampled_shapes(jobs, [outcome.shape for outcome in made]))
    if not problems:
        problems = _failures_by_form(jobs, made)
    if problems:
        for outcome in made:
            if outcome.waiting is not None:
                discard(outcome.waiting)
        raise StopMaking(problems)
