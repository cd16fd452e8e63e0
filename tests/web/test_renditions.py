from voice_app.web.meetings.renditions import safe_data_path


def test_only_files_inside_the_data_dir_are_served(tmp_path):
    data_dir = tmp_path / "data"
    (data_dir / "audio").mkdir(parents=True)
    inside = data_dir / "audio" / "a.wav"
    inside.write_bytes(b"RIFF")
    outside = tmp_path / "secret.txt"
    outside.write_text("no")
    (data_dir / "audio" / "link.wav").symlink_to(outside)
    assert safe_data_path(str(inside), data_dir) == inside.resolve()
    assert safe_data_path("audio/a.wav", data_dir) == inside.resolve()
    assert safe_data_path("audio/../../secret.txt", data_dir) is None
    assert safe_data_path(str(outside), data_dir) is None
    assert safe_data_path("audio/link.wav", data_dir) is None
    assert safe_data_path("audio/missing.wav", data_dir) is None
    assert safe_data_path(None, data_dir) is None
