"""`voice-app models list|download NAME|install PATH`: speech-recognition models under ./models.

Kept beside the model store rather than in cli.py so the command needs no app,
database or Flask context: a model can be installed before anything else is set up.
"""

from __future__ import annotations

from pathlib import Path

import click

from voice_app.speech.model_catalogue import CATALOGUE
from voice_app.speech.model_store import ModelStoreError, download, install, list_models
from voice_app.speech.recognition import default_models_dir


@click.group()
def models() -> None:
    """Speech-recognition models (Vosk) under ./models."""


@models.command("list")
def list_command() -> None:
    """Show installed models, their language and any problem, then what can be downloaded."""
    models_dir = default_models_dir()
    installed = list_models(models_dir)
    if not installed:
        click.echo(f"No models in {models_dir}.")
    for model in installed:
        state = "ok" if model.usable else "BROKEN: " + "; ".join(model.problems)
        click.echo(f"{model.name}\t{model.language or 'language unknown'}\t{state}")
    click.echo("\nAvailable with 'voice-app models download NAME':")
    names = {m.name for m in installed}
    for entry in CATALOGUE.values():
        mark = " (installed)" if entry.name in names else ""
        click.echo(
            f"  {entry.name}\t{entry.language}\t{entry.size_text}\t{entry.description}{mark}"
        )


@models.command("download")
@click.argument("name")
def download_command(name: str) -> None:
    """Download a model by name, check its checksum and install it."""
    try:
        path = download(name, default_models_dir(), progress=True)
    except ModelStoreError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"installed {path}")


@models.command("install")
@click.argument("path", type=click.Path(path_type=Path))
def install_command(path: Path) -> None:
    """Install a model from a zip or folder copied to this machine."""
    try:
        installed = install(path, default_models_dir())
    except ModelStoreError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"installed {installed}")
