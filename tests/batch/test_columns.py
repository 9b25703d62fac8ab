"""Text column detection on the headers real scraping tools write."""

from __future__ import annotations

import pytest

from tppo_detect.batch import BatchInputError, detect_text_column
from tppo_detect.batch.reader import unique_header

HEADERS = {
    "tweet-harvest": (
        "conversation_id_str,created_at,favorite_count,full_text,id_str,image_url,"
        "in_reply_to_screen_name,lang,location,quote_count,reply_count,retweet_count,"
        "tweet_url,user_id_str,username",
        "full_text",
    ),
    "snscrape": (
        "url,date,rawContent,renderedContent,id,user,replyCount,retweetCount,likeCount,lang",
        "rawContent",
    ),
    "snscrape-old": ("url,date,content,renderedContent,id,username", "content"),
    "snscrape-text": ("id,date,text,username", "text"),
    "facebook-scraper": (
        "post_id,text,post_text,shared_text,time,image,likes,comments,shares,post_url,username",
        "text",
    ),
    "facebook-scraper-post-text-only": ("post_id,post_text,time,likes", "post_text"),
    "apify-facebook": ("facebookUrl,postId,pageName,url,time,likes,comments,shares,text", "text"),
    "apify-instagram": (
        "inputUrl,id,type,shortCode,caption,hashtags/0,url,commentsCount,likesCount,"
        "timestamp,ownerUsername",
        "caption",
    ),
    "apify-tiktok": (
        "id,text,createTimeISO,authorMeta/name,webVideoUrl,diggCount,shareCount",
        "text",
    ),
    "tiktok-desc": ("id,desc,createTime,author.uniqueId,stats.playCount", "desc"),
    "instaloader": ("shortcode,date_utc,owner_username,caption,likes,comments", "caption"),
    "generic-isi": ("no,tanggal,isi,sumber", "isi"),
    "generic-deskripsi": ("judul,deskripsi,lokasi", "deskripsi"),
    "generic-message": ("id,created_time,message,from", "message"),
}


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_each_export_schema_gets_its_text_column(name: str) -> None:
    header, expected = HEADERS[name]
    choice = detect_text_column(header.split(","))
    assert choice.name == expected
    assert expected in choice.describe()


def test_full_text_wins_over_other_candidates() -> None:
    choice = detect_text_column(["text", "caption", "full_text"])
    assert choice.name == "full_text"
    assert choice.alternatives == ["text", "caption"]
    assert "kandidat lain" in choice.describe()


def test_match_ignores_case_and_spaces() -> None:
    assert detect_text_column(["ID", " Caption "]).name == " Caption "
    assert detect_text_column(["No", "ISI"]).name == "ISI"


def test_override_picks_the_named_column_and_rejects_unknown_ones() -> None:
    header = ["id", "text", "judul_lowongan"]
    assert detect_text_column(header, "judul_lowongan").name == "judul_lowongan"
    assert detect_text_column(header, "JUDUL_LOWONGAN").name == "judul_lowongan"
    with pytest.raises(BatchInputError, match="tidak ada di berkas"):
        detect_text_column(header, "body")


def test_no_candidate_explains_how_to_choose() -> None:
    with pytest.raises(BatchInputError, match="--text-col") as err:
        detect_text_column(["id", "judul", "url"])
    assert "id, judul, url" in str(err.value)


def test_header_names_are_made_unique_and_outputs_never_collide() -> None:
    header = unique_header(["id", "", "text", "text", "risk_score", "signals"])
    assert header == ["id", "Unnamed: 1", "text", "text.1", "input_risk_score", "input_signals"]


def test_batch_and_campaigns_pick_the_same_padded_column() -> None:
    """Issue 16: a `" Full_Text "` header was found by batch scoring, not by campaigns."""
    from tppo_detect.batch.columns import detect_text_column
    from tppo_detect.tables import TEXT_COLUMNS, find_column

    header = ["id", " Full_Text ", "text"]
    assert detect_text_column(header).name == " Full_Text "
    assert find_column(header, TEXT_COLUMNS) == " Full_Text "
