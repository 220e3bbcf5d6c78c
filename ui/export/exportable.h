#pragma once

// What every chart and map offers to the export actions (ui/chartexport.h): a name, a picture
// drawn at any size on any paint device (so that SVG and PDF stay vector: lines, shapes and text,
// with only the heatmaps as images), and exactly the numbers it plots, as CSV with a header.

#include <QPainter>
#include <QString>

namespace moe::ui {

class Exportable
{
public:
    virtual ~Exportable() = default;
    virtual QString exportName() const = 0;  // file stem: "loss", "routing-map"
    virtual QString exportTitle() const = 0; // for menus and reports: "Loss by training step"
    virtual QSize exportSize() const = 0;    // natural size in pixels (on screen, or a default)
    // Draws the whole chart into `target` of `painter`'s device, scaled to fit.
    virtual void renderExport(QPainter &painter, const QRectF &target) = 0;
    virtual QString exportCsv() const = 0;
    // true when the picture carries its title (a report then prints no heading of its own).
    virtual bool drawsOwnTitle() const { return false; }
};

} // namespace moe::ui
