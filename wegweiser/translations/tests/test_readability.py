from wegweiser.translations.readability import readability_check, sentences_of


def test_short_plain_sentences_get_no_hints() -> None:
    result = readability_check("Sie lernen Deutsch. Der Kurs ist am Montag. Bitte rufen Sie an.")
    assert result.hints == () and result.sentences == 3 and result.average_sentence_words == 4.0


def test_a_long_sentence_is_flagged() -> None:
    text = "Die Beratung hilft Ihnen bei allen Fragen rund um Aufenthalt, Arbeit, Wohnung, Schule und Geld im Landkreis."
    kinds = [h.kind for h in readability_check(text).hints]
    assert "sentence" in kinds


def test_long_compounds_are_flagged_unless_split_by_hyphen_or_media_dot() -> None:
    assert [h.excerpt for h in readability_check("Das ist die Migrationsberatungsstelle.").hints] == [
        "Migrationsberatungsstelle"
    ]
    assert readability_check("Das ist die Migrations-Beratung.").hints == ()
    assert readability_check("Das ist die Migrations·beratung.").hints == ()


def test_passive_negation_and_abbreviations_get_hints() -> None:
    kinds = {
        h.kind
        for h in readability_check(
            "Der Antrag wird geprüft. Das kostet kein Geld. Z. B. am Montag, usw."
        ).hints
    }
    assert {"passive", "negation", "abbreviation"} <= kinds


def test_markdown_marks_and_list_items_are_not_words() -> None:
    assert sentences_of("**Wichtig:** Bringen Sie den Pass mit.\n- Termin am Montag") == [
        "Wichtig: Bringen Sie den Pass mit.",
        "Termin am Montag",
    ]
