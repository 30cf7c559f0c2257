from wegweiser.search.normalise import edit_distance, index_terms, stem


def test_plural_and_singular_share_one_term() -> None:
    assert stem("beratungen", "de") == stem("beratung", "de")
    assert stem("sprachkurse", "de") == stem("sprachkurs", "de") == stem("sprachkursen", "de")


def test_umlauts_and_their_transliterations_fold_together() -> None:
    assert stem("flüchtlinge", "de") == stem("fluechtlinge", "de") == stem("fluchtlinge", "de")


def test_case_is_ignored_and_stop_words_dropped() -> None:
    assert index_terms("Kurse für FRAUEN und Kinder", "de") == index_terms("kurse frauen kinder", "de")


def test_edit_distance_counts_transpositions_as_one_edit() -> None:
    assert edit_distance("sprachkuts", "sprachkurs", 2) == 1
    assert edit_distance("sprachkrus", "sprachkurs", 2) == 1
    assert edit_distance("abc", "xyz", 1) == 2  # capped at limit + 1
