"""End-to-end: the quiz engine in Debian's Chromium against the built site.

Needs a built site (`make build`). The ``page`` fixture fails any test whose page requests
anything outside localhost.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from quizbank.package import build, obfuscate

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
BANK = build()
BY_ID = {q["id"]: q for q in BANK["questions"]}
#: The engine's original seed questions (ids ``seed-…``, at least one of every type), which now
#: live in their lesson topics' files.
SEED_IDS = [q["id"] for q in BANK["questions"] if q["id"].startswith("seed-")]


def wait_ready(page):
    expect(page.locator(".cs-quiz[data-ready]").first).to_be_attached(timeout=15000)


def answer(page, q, fs):
    """Answer question ``q`` (shown in fieldset ``fs``) correctly, using the keyboard where it matters."""
    kind = q["type"]
    if kind == "scenario":
        for sub in q["questions"]:
            answer(page, sub, page.locator(f'fieldset[data-id="{sub["id"]}"]'))
    elif kind == "parametric" and "misconceptions" in q:
        # Computed options: find the build-time instance shown (its four texts) and its right one.
        shown = fs.locator(":scope > ul label").all_inner_texts()
        instance = next(i for i in q["pool"] if sorted(o["text"] for o in i["options"]) == sorted(shown))
        fs.locator(f':scope > ul input[value="{instance["correct"]}"]').check()
    elif kind == "parametric" and "options" in q:
        stem = fs.locator(".cs-q-stem").inner_text()
        reserved, rate, duration = map(int, re.search(r"is (\d+)\. Traffic is (\d+) requests per second at (\d+) ms", stem).groups())
        fs.locator(f'input[value="{0 if rate * duration / 1000 <= reserved else 1}"]').check()
    elif kind in ("single", "multiple"):
        for i, option in enumerate(q["options"]):
            if option.get("correct"):
                fs.locator(f':scope > ul input[value="{i}"]').check()
    elif kind == "ordering":
        # Keyboard only: focus an item's "up" button and press Enter; focus follows the item.
        for target in range(len(q["items"])):
            items = fs.locator("li.cs-q-item")
            current = [int(items.nth(k).get_attribute("data-index")) for k in range(items.count())].index(target)
            if current == target:
                continue
            items.nth(current).locator('[data-move="up"]').focus()
            for _ in range(current - target):
                page.keyboard.press("Enter")
        order = [int(x) for x in fs.locator("li.cs-q-item").evaluate_all("els => els.map(e => e.dataset.index)")]
        assert order == list(range(len(q["items"])))
    elif kind == "matching":
        for i in range(len(q["pairs"])):
            fs.locator("select").nth(i).select_option(value=str(i))
    elif kind == "numeric":
        fs.locator("input").fill(str(q["answer"]))
    elif kind == "short":
        fs.locator("input").fill(q["answers"][0].upper() + " ")
    elif kind == "parametric":
        fs.locator("input").fill("1")


def check(page, fs):
    card = page.locator(".cs-q-card", has=fs)
    card.get_by_role("button", name="Check").click()
    return fs.locator(":scope > .cs-q-feedback")


def test_every_seed_question_type_answered_in_practice(page, site_url):
    """All seed questions (every type, parametric ones computed by the sandbox in Pyodide), in
    practice by their lesson topic, can be answered; right answers are graded right, with
    feedback and explanations shown."""
    page.set_default_timeout(120000)
    seen = set()
    for topic in sorted({BY_ID[qid]["topic"] for qid in SEED_IDS}):
        page.goto(f"{site_url}/practice/?topic={topic}&n=100")
        wait_ready(page)
        page.get_by_role("button", name="Start practice").click()
        in_topic = [qid for qid in SEED_IDS if BY_ID[qid]["topic"] == topic]
        for qid in in_topic:
            q = BY_ID[qid]
            fs = page.locator(f'fieldset[data-id="{qid}"]')
            expect(fs).to_be_visible(timeout=120000)  # parametric ones wait for Python
            assert "{" not in fs.locator(":scope > .cs-q-stem").inner_text(), "placeholders were filled in"
            answer(page, q, fs)
            feedback = check(page, fs)
            if q["type"] == "parametric" and q["id"] != "seed-param-enough-reserved":
                expect(feedback).to_contain_text(re.compile(r"Correct|Not right|Partly"))
            else:
                expect(feedback).to_contain_text("Correct.")
            seen.add(q["type"])
        shown = sum(1 for q in BANK["questions"] if q["topic"] == topic)
        expect(page.locator(".cs-q-summary")).to_contain_text(f"{len(in_topic)} of {min(shown, 100)} checked")
        assert "null" not in page.locator(".cs-quiz").inner_text(), "no stray 'null' text in the feedback"
        if topic == "04-concurrency":
            # Per-option explanations are revealed after checking.
            expect(page.locator('fieldset[data-id="seed-single-reserved-cap"] .cs-q-why').first).to_be_visible()
            # Drawn numbers of 1,000 or more print with thousands separators ("9,000", not "9000").
            stem = page.locator('fieldset[data-id="conc-scaling-windows-param"] > .cs-q-stem').inner_text()
            assert re.search(r"needs \d{1,3}(,\d{3})* concurrent", stem) and not re.search(r"needs \d{4}", stem), stem
    assert seen == {"single", "multiple", "ordering", "matching", "numeric", "short", "parametric", "scenario"}


def test_targeted_feedback_and_retake_wrong(page, site_url):
    """A known wrong number gets its targeted hint; "retake" offers only the missed question."""
    page.goto(f"{site_url}/practice/?topic=04-concurrency&n=100")
    wait_ready(page)
    page.get_by_role("button", name="Start practice").click()
    fs = page.locator('fieldset[data-id="seed-num-concurrency"]')
    fs.locator("input").fill("50,000")
    feedback = check(page, fs)
    expect(feedback).to_contain_text("Convert 250 ms to 0.25 s")
    expect(feedback).to_contain_text("Answer: 50 concurrent executions.")


def test_lesson_check_survives_instant_navigation(page, site_url):
    """A lesson's check renders on direct load and after instant navigation to another lesson."""
    page.goto(f"{site_url}/lessons/04-concurrency/")
    wait_ready(page)
    in_topic = sum(1 for q in BANK["questions"] if q["topic"] == "04-concurrency")
    assert page.locator(".cs-quiz > .cs-q-card").count() == min(5, in_topic)
    banks = [u for u in page.requests if "/assets/quiz/" in u]
    assert banks and all(u.endswith("/assets/quiz/topics/04-concurrency.bin") for u in banks), banks
    page.goto(f"{site_url}/practice/")
    wait_ready(page)
    page.locator("nav a[href$='lessons/04-concurrency/']").first.click()
    expect(page.locator(".cs-quiz[data-mode=check] fieldset.cs-q").first).to_be_visible(timeout=15000)


def test_answers_not_in_page_html(page, site_url):
    """Neither lesson HTML nor the shipped bank contains answers or explanations in plain text."""
    html = page.request.get(f"{site_url}/lessons/04-concurrency/").text()
    bank = page.request.get(f"{site_url}/assets/quiz/bank.bin").body().decode("latin-1")
    lesson_q = next(q for q in BANK["questions"] if q["topic"] == "04-concurrency" and q.get("options"))
    why = re.sub(r"<[^>]+>", "", lesson_q["options"][0]["why"])[:40]
    for text in (html, bank):
        assert why not in text and '"correct"' not in text


def start_exam(page, site_url, n=4, minutes=5):
    page.goto(f"{site_url}/practice/exam/?n={n}&minutes={minutes}")
    wait_ready(page)
    page.get_by_role("button", name="Start the exam").click()
    expect(page.locator(".cs-exam-position")).to_have_text(f"Question 1 of {n}")


def answer_current(page):
    fs = page.locator(".cs-exam-question > fieldset")
    q = BY_ID[fs.get_attribute("data-id")]
    answer(page, q, fs)


def test_short_mock_exam_to_the_end(page, site_url):
    """A 4-question exam: flag, answer sheet, unanswered warning, submit, scaled score and domains."""
    start_exam(page, site_url, n=4)
    answer_current(page)
    page.get_by_role("button", name="Flag for review").click()
    expect(page.locator(".cs-exam-flag")).to_have_attribute("aria-pressed", "true")
    for _ in range(2):
        page.get_by_role("button", name="Next").click()
        answer_current(page)
    page.get_by_role("button", name="Answer sheet").click()
    expect(page.locator(".cs-exam-sheet")).to_contain_text("3 of 4 answered, 1 flagged.")
    expect(page.get_by_role("button", name="Question 1: answered, flagged")).to_be_visible()
    page.get_by_role("button", name="Submit exam").click()
    expect(page.get_by_role("alertdialog")).to_contain_text("You have 1 unanswered question.")
    page.get_by_role("button", name="Submit anyway").click()
    title = page.locator(".cs-exam-result-title")
    expect(title).to_contain_text("Estimated score 775")  # 3 of 4 right: 100 + 900 × 0.75
    expect(page.locator(".cs-exam-domains")).to_contain_text("Development with AWS Services")
    assert "null" not in page.locator(".cs-quiz").inner_text(), "no stray 'null' text in the results"
    history = page.evaluate("JSON.parse(localStorage.getItem('cold-start.quiz')).exam")
    assert history["current"] is None and history["history"][-1]["scaled"] == 775


#: A computed single answer (type parametric with misconceptions): four options the model computed.
COMPUTED_ID = "apigw-param-burst-throttle"


def test_reload_mid_exam_resumes(page, site_url):
    """Reloading keeps the same questions, answers, position and deadline. A computed single
    answer in the exam shows four different computed options with their unit, keeps the same
    numbers after a reload, grades as right when answered right, and review shows that instance."""
    start_exam(page, site_url, n=5, minutes=10)
    page.evaluate("""(id) => {
      const data = JSON.parse(localStorage.getItem('cold-start.quiz'));
      data.exam.current.ids[0] = id;
      localStorage.setItem('cold-start.quiz', JSON.stringify(data));
    }""", COMPUTED_ID)
    page.reload()
    wait_ready(page)
    fs = page.locator(".cs-exam-question > fieldset")
    first = fs.get_attribute("data-id")
    assert first == COMPUTED_ID
    labels = fs.locator(":scope > ul label").all_inner_texts()
    assert len(set(labels)) == 4 and all(re.fullmatch(r"[\d,]+ requests", t) for t in labels), labels
    answer_current(page)
    page.get_by_role("button", name="Next").click()
    before = page.evaluate("JSON.parse(localStorage.getItem('cold-start.quiz')).exam.current")
    page.reload()
    wait_ready(page)
    expect(page.locator(".cs-exam-position")).to_have_text("Question 2 of 5")
    after = page.evaluate("JSON.parse(localStorage.getItem('cold-start.quiz')).exam.current")
    assert after["ids"] == before["ids"] and after["deadline"] == before["deadline"]
    page.get_by_role("button", name="Previous").click()
    assert fs.get_attribute("data-id") == first
    assert fs.locator(":scope > ul label").all_inner_texts() == labels, "same numbers, same order"
    assert fs.locator(":scope > ul input:checked").count() == 1
    assert after["responses"][first]
    page.get_by_role("button", name="Submit exam").click()
    page.get_by_role("button", name="Submit anyway").click()
    expect(page.locator(".cs-exam-result-title")).to_be_visible()
    saved = page.evaluate(f"JSON.parse(localStorage.getItem('cold-start.quiz')).answers['{COMPUTED_ID}'].last")
    assert saved["correct"] is True and isinstance(saved["response"]["instance"], int)
    page.goto(f"{site_url}/practice/review/")
    wait_ready(page)
    reviewed = page.locator(f'.cs-review-list > fieldset[data-id="{COMPUTED_ID}"]')
    expect(reviewed.locator(".cs-verdict-right")).to_contain_text("Correct.")
    assert sorted(reviewed.locator(":scope > ul label").all_inner_texts()) == sorted(labels)
    expect(reviewed.locator("li.cs-right .cs-q-why")).to_contain_text("Right:")
    expect(reviewed.locator("li.cs-wrong-option .cs-q-why")).to_have_count(3)


def test_time_out_auto_submits(page, site_url):
    """With a controlled clock, the exam submits itself when the time is up."""
    page.clock.install(time="2026-11-24T10:00:00")
    page.goto(f"{site_url}/practice/")
    # Pause the page's clock well past load time so only run_for() moves it from here on.
    page.clock.pause_at("2026-11-24T10:05:00")
    start_exam(page, site_url, n=3, minutes=1)
    page.wait_for_timeout(1500)  # real time passes; the paused page clock must not
    expect(page.locator(".cs-exam-time")).to_have_text("Time left 1:00")
    answer_current(page)
    page.clock.run_for("00:59")
    expect(page.locator(".cs-exam-time")).to_have_text("Time left 0:01")
    page.clock.run_for("00:02")
    expect(page.locator(".cs-exam-timeout")).to_contain_text("Time ran out")
    entry = page.evaluate("JSON.parse(localStorage.getItem('cold-start.quiz')).exam.history.at(-1)")
    assert entry["timedOut"] is True and entry["total"] == 3


def test_export_clear_import_restores_progress(page, site_url, tmp_path):
    """Export progress, clear storage, import the file: the same progress comes back."""
    page.goto(f"{site_url}/practice/?topic=03-configuration-packaging&n=100")
    wait_ready(page)
    page.get_by_role("button", name="Start practice").click()
    fs = page.locator('fieldset[data-id="seed-short-tmp"]')
    answer(page, BY_ID["seed-short-tmp"], fs)
    check(page, fs)
    page.goto(f"{site_url}/practice/progress/")
    wait_ready(page)
    expect(page.locator(".cs-progress-totals")).to_contain_text("1 answered (1 correct, 0 incorrect)")
    expect(page.locator(".cs-progress-topics")).to_contain_text("Configuration and packaging")
    saved = page.evaluate("localStorage.getItem('cold-start.quiz')")
    with page.expect_download() as info:
        page.get_by_role("button", name="Export progress").click()
    path = tmp_path / "progress.json"
    info.value.save_as(path)
    page.evaluate("localStorage.clear()")
    page.reload()
    wait_ready(page)
    expect(page.locator(".cs-progress-totals")).to_contain_text("0 answered (")
    page.set_input_files("#cs-progress-import", str(path))
    expect(page.locator(".cs-progress-message")).to_have_text("Progress imported.")
    expect(page.locator(".cs-progress-totals")).to_contain_text("1 answered (1 correct, 0 incorrect)")
    assert json.loads(page.evaluate("localStorage.getItem('cold-start.quiz')")) == json.loads(saved)


def test_corrupt_progress_offers_download_then_reset(page, site_url, tmp_path):
    """Unreadable progress shows a clear message; the learner can download it, then reset."""
    page.goto(f"{site_url}/practice/")
    page.evaluate("localStorage.setItem('cold-start.quiz', '{broken')")
    page.reload()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("could not be read")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download what can be read").click()
    info.value.save_as(tmp_path / "r.json")
    assert (tmp_path / "r.json").read_text() == "{broken"
    page.get_by_role("button", name="Reset progress").click()
    expect(page.get_by_role("button", name="Start practice")).to_be_visible()


def test_hostile_question_cannot_run_script(page, site_url, tmp_path):
    """A question whose text tries script injection is shown inert: nothing runs, no script tag."""
    hostile = tmp_path / "bank"
    hostile.mkdir()
    (hostile / "blueprints").mkdir()
    (hostile / "blueprints" / "dva.yml").write_text((ROOT / "quizzes" / "blueprints" / "dva-c02.yml").read_text())
    (hostile / "00-evil.yml").write_text("""\
topic: 00-evil
title: Evil
questions:
  - id: evil-one
    type: single
    difficulty: 1
    exams: [DVA-C02]
    domain: security
    stem: |
      <script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">
      [click](javascript:window.pwned=3) <b onmouseover="window.pwned=4">bold</b>
    options:
      - text: "<img src=y onerror='window.pwned=5'>Right"
        correct: true
        why: "<script>window.pwned=6</script>because"
      - text: Wrong
        why: "<svg onload='window.pwned=7'></svg>no"
    sources: [https://docs.aws.amazon.com/lambda/latest/dg/welcome.html]
""")
    payload = obfuscate(build(hostile))
    page.route("**/assets/quiz/bank.bin", lambda route: route.fulfill(status=200, body=payload, content_type="application/octet-stream"))
    page.goto(f"{site_url}/practice/")
    wait_ready(page)
    page.get_by_role("button", name="Start practice").click()
    fs = page.locator('fieldset[data-id="evil-one"]')
    expect(fs).to_contain_text("bold")
    fs.locator("label").first.hover()
    fs.locator('input[value="0"]').check()
    check(page, fs)
    expect(fs.locator('li[data-index="0"] .cs-q-why')).to_contain_text("because")
    assert page.evaluate("window.pwned") is None
    assert page.locator(".cs-quiz script, .cs-quiz img, .cs-quiz svg, .cs-quiz [onerror]").count() == 0
    assert page.locator('.cs-quiz a[href^="javascript"]').count() == 0


def axe_serious(page):
    from axe_playwright_python.sync_playwright import Axe

    # Material animates button colours on focus/hover (0.25 s): measure contrast after it settles.
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.mouse.move(0, 0)
    page.wait_for_timeout(400)
    results = Axe().run(page, context=".md-content")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def test_axe_practice_exam_and_results(page, site_url):
    """axe-core finds no serious or critical problems on practice, exam and result screens."""
    page.goto(f"{site_url}/practice/?topic=03-configuration-packaging&n=100")
    wait_ready(page)
    page.get_by_role("button", name="Start practice").click()
    fs = page.locator('fieldset[data-id="seed-single-timeout-max"]')
    answer(page, BY_ID["seed-single-timeout-max"], fs)
    check(page, fs)
    assert axe_serious(page) == []
    start_exam(page, site_url, n=3)
    page.get_by_role("button", name="Answer sheet").click()
    assert axe_serious(page) == []
    page.get_by_role("button", name="Submit exam").click()
    page.get_by_role("button", name="Submit anyway").click()
    page.get_by_role("button", name="Show every question with explanations").click()
    assert axe_serious(page) == []
    for path in ("/practice/progress/", "/practice/review/", "/practice/due/"):
        page.goto(site_url + path)
        wait_ready(page)
        assert axe_serious(page) == [], path


def test_wrong_answer_comes_back_in_due_today(page, site_url):
    """FSRS: a question answered wrong is due the next day; the due page and the nav show it."""
    page.clock.install(time="2026-11-24T10:00:00")
    page.goto(f"{site_url}/practice/?topic=10-versions-aliases&n=100")
    wait_ready(page)
    page.get_by_role("button", name="Start practice").click()
    fs = page.locator('fieldset[data-id="seed-short-latest"]')
    fs.locator("input").fill("v1")
    expect(check(page, fs)).to_contain_text("Not right.")
    page.goto(f"{site_url}/practice/due/")
    wait_ready(page)
    expect(page.locator(".cs-due-empty")).to_be_visible()
    page.clock.set_fixed_time("2026-11-25T12:00:00")
    page.reload()
    wait_ready(page)
    expect(page.locator('.cs-quiz fieldset[data-id="seed-short-latest"]')).to_be_visible()
    expect(page.locator('nav a[href$="practice/due/"] .cs-due-count').first).to_have_text(" (1 due)")


def test_review_filters_by_result(page, site_url):
    """Review lists answered questions and filters them to correct or incorrect ones."""
    page.goto(f"{site_url}/practice/?topic=03-configuration-packaging&n=100")
    wait_ready(page)
    page.get_by_role("button", name="Start practice").click()
    right = page.locator('fieldset[data-id="seed-short-tmp"]')
    answer(page, BY_ID["seed-short-tmp"], right)
    check(page, right)
    page.goto(f"{site_url}/practice/?topic=10-versions-aliases&n=100")
    wait_ready(page)
    page.get_by_role("button", name="Start practice").click()
    wrong = page.locator('fieldset[data-id="seed-short-latest"]')
    wrong.locator("input").fill("v1")
    check(page, wrong)
    page.goto(f"{site_url}/practice/review/")
    wait_ready(page)
    expect(page.locator(".cs-review-list > fieldset")).to_have_count(2)
    page.get_by_label("Show", exact=True).select_option("incorrect")
    expect(page.locator(".cs-review-list > fieldset")).to_have_count(1)
    expect(page.locator(".cs-review-list > fieldset")).to_have_attribute("data-id", "seed-short-latest")
    page.get_by_label("Show", exact=True).select_option("correct")
    expect(page.locator(".cs-review-list > fieldset")).to_have_attribute("data-id", "seed-short-tmp")


def test_keyboard_only_answers_and_no_pyodide_without_parametric(page, site_url):
    """Tab, Space, arrow keys and Enter answer single, matching and ordering questions; an exam
    (no parametric questions) never downloads Pyodide."""
    page.goto(f"{site_url}/practice/?topic=03-configuration-packaging&n=100")
    wait_ready(page)
    page.get_by_role("button", name="Start practice").click()

    single = page.locator('fieldset[data-id="seed-single-timeout-max"]')
    right = next(i for i, o in enumerate(BY_ID["seed-single-timeout-max"]["options"]) if o.get("correct"))
    first_radio = single.locator("input[type=radio]").first
    first_radio.focus()
    # Arrow keys move within a radio group; step until the right option is selected.
    for _ in range(len(BY_ID["seed-single-timeout-max"]["options"])):
        if single.locator(f'input[value="{right}"]').is_checked():
            break
        page.keyboard.press("ArrowDown")
    if not single.locator(f'input[value="{right}"]').is_checked():
        page.keyboard.press("Space")
    page.keyboard.press("Tab")  # to the Check button
    page.keyboard.press("Enter")
    expect(single.locator(":scope > .cs-q-feedback")).to_contain_text("Correct.")

    page.goto(f"{site_url}/practice/?topic=13-security&n=100")
    wait_ready(page)
    page.get_by_role("button", name="Start practice").click()
    matching = page.locator('fieldset[data-id="seed-match-permissions"]')
    selects = matching.locator("select")
    for i in range(selects.count()):
        select = selects.nth(i)
        select.focus()
        for _ in range(10):
            if select.input_value() == str(i):
                break
            page.keyboard.press("ArrowDown")
        assert select.input_value() == str(i)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(matching.locator(":scope > .cs-q-feedback")).to_contain_text("Correct.")

    page.requests.clear()  # the practice sessions above may have had parametric questions
    start_exam(page, site_url, n=3)
    page.get_by_role("button", name="Next").click()
    assert not [u for u in page.requests if "/pyodide/" in u]


def test_exam_resumes_after_a_question_left_the_bank(page, site_url):
    """If a question of the saved exam no longer exists, the exam resumes without it."""
    start_exam(page, site_url, n=3)
    page.evaluate("""() => {
      const data = JSON.parse(localStorage.getItem('cold-start.quiz'));
      data.exam.current.ids[1] = 'no-such-question';
      localStorage.setItem('cold-start.quiz', JSON.stringify(data));
    }""")
    page.reload()
    wait_ready(page)
    expect(page.locator(".cs-exam-position")).to_have_text("Question 1 of 2")


def test_full_exam_defaults_to_blueprint_and_offers_shorter_runs(page, site_url):
    """Without URL settings the exam is DVA-C02's 65 questions in 130 minutes; shorter runs are links."""
    page.goto(f"{site_url}/practice/exam/")
    wait_ready(page)
    expect(page.locator(".cs-quiz")).to_contain_text("65 questions, 130 minutes.")
    expect(page.locator(".cs-quiz")).to_contain_text("Development with AWS Services 32 % (21)")
    page.get_by_role("link", name="quick (10 questions, 20 minutes)").click()
    expect(page.locator(".cs-quiz")).to_contain_text("10 questions, 20 minutes.")
    page.get_by_role("button", name="Start the exam").click()
    expect(page.locator(".cs-exam-position")).to_have_text("Question 1 of 10")
    expect(page.locator(".cs-exam-time")).to_have_text(re.compile(r"Time left (20:00|19:5\d)"))


def test_practice_by_domain_only_shows_that_domain(page, site_url):
    """Practice filtered to a DVA-C02 or SAA-C03 domain shows only questions of that domain."""
    page.goto(f"{site_url}/practice/?domain=security&n=100")
    wait_ready(page)
    page.get_by_role("button", name="Start practice").click()
    ids = page.locator(".cs-practice-session > .cs-q-card > fieldset[data-id]").evaluate_all("els => els.map(e => e.dataset.id)")
    assert ids and all(BY_ID[i]["domain"] == "security" for i in ids)
    page.get_by_label("Domain", exact=True).select_option("saa:resilient")
    page.get_by_role("button", name="Start practice").click()
    ids = page.locator(".cs-practice-session > .cs-q-card > fieldset[data-id]").evaluate_all("els => els.map(e => e.dataset.id)")
    assert ids and all(BY_ID[i].get("saa_domain") == "resilient" for i in ids)


def test_mock_exams_draw_only_the_exam_formats(page, site_url):
    """A full-length DVA-C02 mock and the SAA-C03 (serverless subset) one, started from their
    pages, draw 65 questions that are all in the exam's formats (never a practice-only one), and
    each intro says what the pool holds and that the other formats are practice-only."""
    drawable = {q["id"] for q in BANK["questions"] if not q["practice_only"]}
    for path, exam, exams in (("/practice/exam/", "DVA-C02", 3), ("/practice/exam-saa/", "SAA-C03", 2)):
        page.goto(site_url + path)
        wait_ready(page)
        note = page.locator(".cs-exam-pool")
        expect(note).to_contain_text(f"enough for {exams} full exams without repeating a question")
        expect(note).to_contain_text("practice-only")
        page.get_by_role("button", name="Start the exam").click()
        expect(page.locator(".cs-exam-position")).to_have_text("Question 1 of 65")
        current = page.evaluate("JSON.parse(localStorage.getItem('cold-start.quiz')).exam.current")
        assert current["exam"] == exam and len(set(current["ids"])) == 65
        assert [i for i in current["ids"] if i not in drawable] == []
        assert all(exam in BY_ID[i]["exams"] for i in current["ids"])
        page.evaluate("() => { const d = JSON.parse(localStorage.getItem('cold-start.quiz'));"
                      " d.exam.current = null; localStorage.setItem('cold-start.quiz', JSON.stringify(d)); }")
