"""Describing the pictures in a paper: each undescribed picture shown large, with its page and the
words around it, and a form for a short (and optional long) description, or "decorative".
A paper can also be released with a reason, and given an Easy Read version. The rules live in
voice_app.papers.pictures; this module parses forms and renders pages.
"""

from __future__ import annotations

import io

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_login import current_user, login_required
from PIL import Image
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import Optional

from voice_app.models import Paper, PaperPicture
from voice_app.papers import pictures as rules
from voice_app.papers.store import add_paper
from voice_app.storage import ChecksumMismatch, NotStored, current_store
from voice_app.web.access import get_or_404, require_group
from voice_app.web.form_safety import Form
from voice_app.web.forms import PaperForm, submit
from voice_app.web.meetings.uploads import check_paper_upload

bp = Blueprint("pictures", __name__, url_prefix="/papers")
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp",
               "BMP": "image/bmp", "TIFF": "image/tiff"}  # fmt: skip


class DescribeForm(Form):
    short = StringField(
        "Short description",
        description="One sentence: what the picture shows and why it is there.",
        validators=[Optional()],
    )
    long = TextAreaField(
        "Longer description (optional)",
        description="For a plan or drawing: what it shows, how it is laid out, "
        "the measurements that matter.",
        validators=[Optional()],
    )
    decorative = BooleanField(
        "Decorative: callers need not hear about it",
        description="Only for pictures that add nothing, such as borders and logos.",
    )


class ReleaseForm(Form):
    reason = StringField(
        "Why the paper goes out now",
        description="Callers hear this before the paper, for example when the pictures will "
        "be described.",
        validators=[Optional()],
    )


def _paper(paper_id: int) -> Paper:
    paper = get_or_404(Paper, paper_id)
    require_group(current_user, paper.meeting.group_id)
    return paper


def _picture(picture_id: int) -> PaperPicture:
    picture = get_or_404(PaperPicture, picture_id)
    require_group(current_user, picture.paper.meeting.group_id)
    return picture


def _page(paper: Paper, forms: dict | None = None, release: ReleaseForm | None = None,
          easy: PaperForm | None = None, status: int = 200):  # fmt: skip
    waiting = rules.undescribed(paper)
    forms = forms or {}
    return render_template(
        "pictures/paper.html",
        title=f"Pictures in {paper.title}",
        paper=paper,
        meeting=paper.meeting,
        waiting=waiting,
        forms={p.id: forms.get(p.id) or DescribeForm(prefix=f"p{p.id}") for p in waiting},
        release=release or ReleaseForm(),
        easy=easy or PaperForm(prefix="easy"),
        ready=rules.ready_for_listeners(paper),
    ), status


@bp.get("/<int:paper_id>/pictures")
@login_required
def show(paper_id: int):
    return _page(_paper(paper_id))


@bp.get("/pictures/<int:picture_id>/image")
@login_required
def image(picture_id: int):
    picture = _picture(picture_id)
    if not picture.stored_path:
        abort(404)
    try:
        data = current_store().get(picture.stored_path, picture.sha256)
    except (NotStored, ChecksumMismatch):
        abort(404)
    try:
        with Image.open(io.BytesIO(data)) as opened:
            kind = IMAGE_TYPES.get(opened.format or "")
    except Exception:  # a format Pillow cannot read is not sent to a browser either
        kind = None
    if kind is None:
        abort(404)
    response = send_file(io.BytesIO(data), mimetype=kind, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/pictures/<int:picture_id>/describe")
@login_required
def describe(picture_id: int):
    picture = _picture(picture_id)
    form = DescribeForm(prefix=f"p{picture.id}")
    done = submit(
        form,
        lambda: rules.describe(
            picture, form.short.data or "", form.long.data or "", current_user, form.decorative.data
        ),
    )
    paper = picture.paper
    if done:
        flash(f"Picture {picture.position} is described. Callers hear it from now on.", "success")
        return redirect(url_for("pictures.show", paper_id=paper.id))
    return _page(paper, forms={picture.id: form}, status=400)


@bp.post("/<int:paper_id>/release")
@login_required
def release(paper_id: int):
    paper = _paper(paper_id)
    form = ReleaseForm()
    if submit(form, lambda: rules.release(paper, form.reason.data or "", current_user)):
        flash("The paper is out to listeners. Callers hear your reason first.", "success")
        return redirect(url_for("pictures.show", paper_id=paper.id))
    return _page(paper, release=form, status=400)


@bp.post("/<int:paper_id>/easy-read")
@login_required
def easy_read(paper_id: int):
    paper = _paper(paper_id)
    if paper.easy_read_of_id is not None:
        abort(404)
    form = PaperForm(prefix="easy")

    def add():
        upload = form.file.data
        data = upload.read()
        check_paper_upload(data, upload.filename or "")
        return add_paper(paper.meeting, data, upload.filename, form.title.data or None,
                         current_user, easy_read_of=paper)  # fmt: skip

    companion = submit(form, add)
    if companion:
        flash(f"Easy Read version added: {companion.title}.", "success")
        return redirect(url_for("pictures.show", paper_id=paper.id))
    return _page(paper, easy=form, status=400)
