"""The staff's tools: a new record (``new``), a spreadsheet import (``import``, ``template``)."""
