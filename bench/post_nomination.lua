-- wrk script: each request submits a new nomination through the JSON API.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[{
  "category": "best-resource",
  "nominator": {"name": "Nora Nominator", "email": "nora@example.org", "organisation": "Pain Association"},
  "nominee": {"name": "The Fatigue Toolkit", "email": "toolkit@example.org", "locality": "Leeds"},
  "answers": {
    "resource_type": "Booklet or leaflet",
    "what_it_is": "A booklet that helps people pace their energy through the day.",
    "who_it_helps": "People living with chronic fatigue and their carers.",
    "difference": "Readers tell us they plan their week better and feel more in control.",
    "how_to_get_it": "Free from GP surgeries and as a download."
  },
  "submit": true
}]]
