"""The year in review: a year's reviews drawn as charts and ranked, from the data alone."""
from __future__ import annotations

import calendar

from flask import Blueprint, abort, render_template

from blog import charts
from blog.conditional import conditional_response
from blog.services import year_review

bp = Blueprint("year", __name__)


@bp.get("/<int:year>")
def show_year(year):
    """One year of reviews: per month, by rating, by genre, decade and person, the best and
    worst rated, the readers' favourites and the most discussed."""
    if not 1900 <= year <= 9999:
        abort(404)
    summary = year_review.build(year)
    if summary is None:
        abort(404)
    html = render_template("year/show.html", summary=summary, charts=year_charts(summary))
    # An ETag only: comments and ratings anywhere in the year change the page, and no single
    # time says when the newest of them came.
    return conditional_response(html)


def year_charts(summary: year_review.YearInReview) -> dict[str, charts.Chart]:
    """The page's charts, built from the summary's figures."""
    year = summary.year
    months = [calendar.month_name[number] for number in range(1, 13)]
    short = [calendar.month_abbr[number] for number in range(1, 13)]
    drawn = {
        "reviews": charts.column_chart(
            [(name, reviews) for name, (reviews, _) in zip(months, summary.per_month)],
            title=f"Reviews published each month of {year}", label_heading="Month",
            value_heading="Reviews", short_labels=short),
        "films": charts.column_chart(
            [(name, films) for name, (_, films) in zip(months, summary.per_month)],
            title=f"Films reviewed each month of {year}", label_heading="Month",
            value_heading="Films", short_labels=short),
        "ratings": charts.ratings_chart(
            summary.ratings, title=f"The critic’s ratings in {year}", value_heading="Reviews"),
    }
    if summary.decades:
        drawn["decades"] = charts.bar_chart(
            [(f"{decade}s", films) for decade, films in summary.decades],
            title="The films’ decades", label_heading="Decade", value_heading="Films",
            label_width=90)
    for kind, title in (("genre", "Most reviewed genres"), ("decade", "Most reviewed decades"),
                        ("person", "Most reviewed people")):
        ranked = summary.tags[year_review.TagKind(kind)]
        if ranked:
            drawn[f"tags-{kind}"] = charts.bar_chart(
                [(tag.name, count) for tag, count in ranked], title=title,
                label_heading="Tag", value_heading="Reviews")
    return drawn


bp.add_app_template_filter(charts.number_text, "chart_number")
